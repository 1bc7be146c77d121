// When errors make a component BROKEN (docs/greengrass-behaviour.md#errors-and-broken; nucleus Lifecycle.internalReportState):
// errors are counted per state the component was in (NEW, STARTING, RUNNING). Any other state
// reported from that state resets its count, and so does an error more than `errorResetTime`
// after the previous one. The third counted error means BROKEN instead of ERRORED.

import type { ComponentState } from './component-state.ts';

export const MAXIMUM_CONTINUAL_ERRORS = 3;
export const DEFAULT_ERROR_RESET_TIME_MS = 3_600_000;

const COUNTED_STATES: ReadonlySet<ComponentState> = new Set(['NEW', 'STARTING', 'RUNNING']);

/** Error timestamps (ms) per state they happened in. */
export type ErrorHistory = Readonly<Partial<Record<ComponentState, readonly number[]>>>;

export interface ReportOutcome {
  readonly history: ErrorHistory;
  /** The report should become BROKEN. */
  readonly broken: boolean;
}

export function recordReport(
  history: ErrorHistory,
  currentState: ComponentState,
  reportedState: ComponentState,
  nowMs: number,
  errorResetTimeMs: number = DEFAULT_ERROR_RESET_TIME_MS,
): ReportOutcome {
  if (reportedState !== 'ERRORED' || !COUNTED_STATES.has(currentState)) {
    const { [currentState]: _reset, ...rest } = history;
    return { history: rest, broken: false };
  }
  const previous = history[currentState] ?? [];
  const last = previous.at(-1);
  const kept = last !== undefined && nowMs - last >= errorResetTimeMs ? [] : previous;
  const errors = [...kept, nowMs];
  return {
    history: { ...history, [currentState]: errors },
    broken: errors.length >= MAXIMUM_CONTINUAL_ERRORS,
  };
}
