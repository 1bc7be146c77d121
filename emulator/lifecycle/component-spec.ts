// The shapes the lifecycle is driven with: what a deployment hands over for one component,
// what a supervisor needs from the core, and the state changes it announces.

import type { CoreLogger } from '../logs/core-logger.ts';
import type { Clock } from '../platform/clock.ts';
import type { LifecycleDefinition } from '../recipes/lifecycle-definition.ts';
import type { DependencyType } from '../recipes/recipe-types.ts';
import type { ComponentState } from './component-state.ts';
import type { CoreEnvironment } from './core-environment.ts';
import type { InstallLedger } from './install-ledger.ts';
import type { StepTimeoutsMs } from './step-timeouts.ts';

export interface ComponentDependencyRef {
  readonly name: string;
  readonly type: DependencyType;
}

/** What a deployment hands the lifecycle for one component (lifecycle already interpolated). */
export interface ComponentSpec {
  readonly name: string;
  readonly version: string;
  readonly lifecycle: LifecycleDefinition;
  readonly dependencies: readonly ComponentDependencyRef[];
}

export interface SupervisorContext {
  readonly workDir: string;
  readonly core: CoreEnvironment;
  /** The component's IPC token, asked for at each spawn (it is revoked when the component stops). */
  readonly token: () => string;
  readonly ledger: InstallLedger;
  readonly coreLog: CoreLogger;
  readonly componentLog: CoreLogger;
  readonly clock: Clock;
  readonly stepTimeoutsMs: StepTimeoutsMs;
  readonly stopGraceMs: number;
  readonly inheritedEnv: Readonly<Record<string, string | undefined>>;
  /** True when every dependency is RUNNING or FINISHED (asked while INSTALLED). */
  readonly dependenciesReady: (spec: ComponentSpec) => boolean;
  /** Every line a step of the component writes, as it is logged. */
  readonly onOutput?: (output: ComponentOutput) => void;
}

/** One line of a component's stdout or stderr. */
export interface ComponentOutput {
  readonly name: string;
  readonly stream: 'stdout' | 'stderr';
  readonly line: string;
}

export interface StateChange {
  readonly name: string;
  readonly from: ComponentState;
  readonly to: ComponentState;
}
