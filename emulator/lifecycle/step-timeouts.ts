// Default step timeouts (docs/greengrass-behaviour.md#lifecycle table; nucleus Lifecycle.java constants).
// A step's own `Timeout` wins. Run has no default: it runs until it exits or is stopped.

import type { LifecycleStep, LifecycleStepName } from '../recipes/lifecycle-definition.ts';

export type StepTimeoutsMs = Readonly<Record<Exclude<LifecycleStepName, 'run'>, number>>;

export const DEFAULT_STEP_TIMEOUTS_MS: StepTimeoutsMs = {
  bootstrap: 120_000,
  install: 120_000,
  startup: 120_000,
  shutdown: 15_000,
  recover: 60_000,
  uninstall: 120_000,
};

/** Milliseconds the step may take, or undefined for no limit. */
export function stepTimeoutMs(
  step: LifecycleStep,
  defaults: StepTimeoutsMs = DEFAULT_STEP_TIMEOUTS_MS,
): number | undefined {
  if (step.timeoutSec !== undefined) return step.timeoutSec * 1000;
  return step.name === 'run' ? undefined : defaults[step.name];
}
