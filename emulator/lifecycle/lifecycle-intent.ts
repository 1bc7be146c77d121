// What a component should do next, decided from its state and what was asked of it (pure).
// The nucleus keeps a list of desired states; here the same is a goal (RUNNING or FINISHED)
// plus a pending redo (restart or reinstall). Busy states (STARTING's step, STOPPING, ERRORED)
// finish their own work before the intent is looked at again.

import type { LifecycleDefinition } from '../recipes/lifecycle-definition.ts';
import type { ComponentState, LifecycleEvent } from './component-state.ts';
import { installFingerprint } from './install-fingerprint.ts';

export type Goal = 'RUNNING' | 'FINISHED';
export type Redo = 'none' | 'restart' | 'reinstall';

export interface Intent {
  readonly goal: Goal;
  readonly redo: Redo;
}

export interface Facts {
  /** An Install step is running right now. */
  readonly installing: boolean;
  /** Every dependency is RUNNING or FINISHED. */
  readonly dependenciesReady: () => boolean;
}

/** The transition to ask for, `install` to run the Install step, or undefined to wait. */
export function nextAction(
  state: ComponentState,
  intent: Intent,
  facts: Facts,
): LifecycleEvent | 'install' | undefined {
  const wantsStop = intent.goal === 'FINISHED' || intent.redo !== 'none';
  switch (state) {
    case 'NEW':
      if (intent.goal === 'FINISHED') return 'finish';
      return facts.installing ? undefined : 'install';
    case 'INSTALLED':
      if (intent.goal === 'FINISHED') return 'finish';
      if (intent.redo === 'reinstall') return 'reinstall';
      return facts.dependenciesReady() ? 'start' : undefined;
    case 'STARTING':
    case 'RUNNING':
      return wantsStop ? 'stop' : undefined;
    case 'FINISHED':
      if (intent.redo === 'reinstall') return 'reinstall';
      return intent.goal === 'RUNNING' ? 'restart' : undefined;
    case 'BROKEN':
      return intent.redo === 'reinstall' ? 'reinstall' : undefined;
    default:
      return undefined; // STOPPING and ERRORED move on when their step is done
  }
}

/** Where STOPPING leads once everything has stopped (Lifecycle.serviceTerminatedMoveToDesiredState). */
export function afterStopping(intent: Intent): LifecycleEvent {
  if (intent.redo === 'reinstall') return 'stopped-for-reinstall';
  if (intent.redo === 'restart' || intent.goal === 'RUNNING') return 'stopped-for-restart';
  return 'stopped';
}

export interface Deployable {
  readonly version: string;
  readonly lifecycle: LifecycleDefinition;
  readonly dependencies: readonly unknown[];
}

/**
 * What a deployment's new spec means for a running component (docs/greengrass-behaviour.md#lifecycle): a new
 * version or Install step reinstalls, any other lifecycle or dependency change restarts, and
 * a BROKEN component is reinstalled by any deployment of it.
 */
export function specChange(
  before: Deployable,
  after: Deployable,
  state: ComponentState,
): 'reinstall' | 'restart' | 'none' {
  const install = (d: Deployable) => installFingerprint(d.version, d.lifecycle.steps.install);
  if (state === 'BROKEN' || install(before) !== install(after)) return 'reinstall';
  const rest = (d: Deployable) => JSON.stringify([d.lifecycle, d.dependencies]);
  return rest(before) === rest(after) ? 'none' : 'restart';
}
