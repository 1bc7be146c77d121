// A component's lifecycle as one typed value and a transition table (docs/greengrass-behaviour.md#state-transitions,
// 4.7; nucleus Lifecycle.java). Typical journeys:
//
//   NEW --install-succeeded--> INSTALLED --start--> STARTING --started--> RUNNING
//   RUNNING --stop--> STOPPING --stopped--> FINISHED            (stop, or Run exited 0)
//   RUNNING --errored--> ERRORED --recovered-stop--> STOPPING --stopped-for-restart--> INSTALLED
//   NEW --errored--> ERRORED --recovered-retry-install--> NEW   (Install failed)
//   NEW|STARTING|RUNNING --broke--> BROKEN                      (third error in the window)
//   BROKEN|FINISHED --reinstall--> NEW                          (a new deployment)
//
// The table is the single authority: the supervisor asks `transition` and acts on the answer.

export type ComponentState =
  | 'NEW'
  | 'INSTALLED'
  | 'STARTING'
  | 'RUNNING'
  | 'STOPPING'
  | 'FINISHED'
  | 'ERRORED'
  | 'BROKEN';

export const COMPONENT_STATES: readonly ComponentState[] = [
  'NEW',
  'INSTALLED',
  'STARTING',
  'RUNNING',
  'STOPPING',
  'FINISHED',
  'ERRORED',
  'BROKEN',
];

export type LifecycleEvent =
  | 'install-succeeded'
  | 'start'
  | 'started'
  | 'nothing-to-run'
  | 'stop'
  | 'finish'
  | 'stopped'
  | 'stopped-for-restart'
  | 'stopped-for-reinstall'
  | 'errored'
  | 'broke'
  | 'recovered-retry-install'
  | 'recovered-stop'
  | 'recovered-finish'
  | 'restart'
  | 'reinstall';

const TABLE: Readonly<Record<LifecycleEvent, Readonly<Partial<Record<ComponentState, ComponentState>>>>> = {
  'install-succeeded': { NEW: 'INSTALLED' },
  start: { INSTALLED: 'STARTING' },
  /** Startup exited 0, Run was spawned, or the component reported RUNNING over IPC. */
  started: { STARTING: 'RUNNING' },
  /** Neither Startup nor Run: the nucleus reports FINISHED ("Nothing done"). */
  'nothing-to-run': { STARTING: 'FINISHED' },
  stop: { STARTING: 'STOPPING', RUNNING: 'STOPPING' },
  /** Stop requested before anything started. */
  finish: { NEW: 'FINISHED', INSTALLED: 'FINISHED' },
  stopped: { STOPPING: 'FINISHED' },
  'stopped-for-restart': { STOPPING: 'INSTALLED' },
  'stopped-for-reinstall': { STOPPING: 'NEW' },
  errored: {
    NEW: 'ERRORED',
    INSTALLED: 'ERRORED',
    STARTING: 'ERRORED',
    RUNNING: 'ERRORED',
    STOPPING: 'ERRORED',
  },
  broke: { NEW: 'BROKEN', STARTING: 'BROKEN', RUNNING: 'BROKEN' },
  'recovered-retry-install': { ERRORED: 'NEW' },
  'recovered-stop': { ERRORED: 'STOPPING' },
  'recovered-finish': { ERRORED: 'FINISHED' },
  restart: { FINISHED: 'INSTALLED' },
  reinstall: { FINISHED: 'NEW', BROKEN: 'NEW', INSTALLED: 'NEW' },
};

export type TransitionResult =
  | { readonly ok: true; readonly state: ComponentState }
  | { readonly ok: false; readonly reason: string };

export function transition(state: ComponentState, event: LifecycleEvent): TransitionResult {
  const next = TABLE[event][state];
  return next === undefined
    ? { ok: false, reason: `${event} is not allowed in state ${state}` }
    : { ok: true, state: next };
}

/** After Recover, where an error leads depends on the state the error came from (Lifecycle.handleCurrentStateErrored). */
export function recoveryEvent(erroredFrom: ComponentState): LifecycleEvent {
  if (erroredFrom === 'NEW') return 'recovered-retry-install';
  if (erroredFrom === 'STARTING' || erroredFrom === 'RUNNING') return 'recovered-stop';
  return 'recovered-finish';
}

/** States a dependent may start after (GreengrassService.dependencyReady). */
export function isReadyForDependents(state: ComponentState): boolean {
  return state === 'RUNNING' || state === 'FINISHED';
}

/**
 * States a component enters with none of its processes left to serve (BROKEN: being stopped).
 * The core revokes the component's IPC token on entry, so a stopped component's token stops
 * working and each new start gets a fresh one.
 */
export function revokesTokenOnEntry(state: ComponentState): boolean {
  return state === 'NEW' || state === 'INSTALLED' || state === 'FINISHED' || state === 'BROKEN';
}

/** States that `UpdateState` over IPC may report from each state (Lifecycle ALLOWED_STATE_TRANSITION_FOR_REPORTING). */
export const REPORTABLE_STATES: Readonly<Partial<Record<ComponentState, readonly ComponentState[]>>> = {
  NEW: ['ERRORED'],
  STARTING: ['RUNNING', 'ERRORED', 'FINISHED'],
  RUNNING: ['ERRORED', 'FINISHED'],
  STOPPING: ['ERRORED', 'FINISHED'],
};
