// All components of the local core: applies deployment plans (new, changed and removed
// components), answers "are my dependencies up?" for waiting supervisors, restarts a component
// when a HARD dependency stops being ready (docs/greengrass-behaviour.md#dependencies), and stops everything in
// reverse dependency order on close. It is the deployment's target and the future IPC
// handlers' view of component states.

import { CoreError } from '../errors/core-error.ts';
import type { CoreLogger } from '../logs/core-logger.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import type { CorePaths } from '../platform/core-paths.ts';
import { ListenerSet, type Unsubscribe } from '../util/listener-set.ts';
import type { ComponentOutput, ComponentSpec, StateChange } from './component-spec.ts';
import { type ComponentState, isReadyForDependents, revokesTokenOnEntry } from './component-state.ts';
import { ComponentSupervisor } from './component-supervisor.ts';
import type { CoreEnvironment } from './core-environment.ts';
import type { InstallLedger } from './install-ledger.ts';
import { DEFAULT_STOP_GRACE_MS } from './shell-process.ts';
import { DEFAULT_STEP_TIMEOUTS_MS, type StepTimeoutsMs } from './step-timeouts.ts';
import type { TokenIssuer } from './token-issuer.ts';

/** How long a deployment waits for its components to reach RUNNING or FINISHED. */
export const DEFAULT_DEPLOYMENT_SETTLE_TIMEOUT_MS = 10 * 60_000;

/** A component the core provides itself, always ready (e.g. aws.greengrass.Nucleus). */
export interface BuiltinComponent {
  readonly name: string;
  readonly version: string;
  /** What `component list` shows; FINISHED (like the nucleus itself) unless given. */
  readonly state?: ComponentState;
}

export interface ComponentStatus {
  readonly name: string;
  readonly version: string;
  readonly state: ComponentState;
  /** The pid of its running Run or Startup process (for tools that measure it, e.g. the bench). */
  readonly pid?: number;
}

export interface DeploymentPlan {
  /** Every component the deployment keeps or adds, lifecycles interpolated. */
  readonly components: readonly ComponentSpec[];
  /** Components to stop and remove. */
  readonly removed: readonly string[];
}

/** What a deployment applies its plan to. */
export interface DeploymentTarget {
  apply(plan: DeploymentPlan): Promise<void>;
  list(): readonly ComponentStatus[];
}

export interface ServiceManagerOptions {
  readonly paths: CorePaths;
  readonly core: CoreEnvironment;
  readonly tokens: TokenIssuer;
  readonly ledger: InstallLedger;
  readonly logs: { readonly greengrass: CoreLogger; component(name: string): CoreLogger };
  readonly builtins?: readonly BuiltinComponent[];
  readonly clock?: Clock;
  readonly stopGraceMs?: number;
  readonly stepTimeoutsMs?: Partial<StepTimeoutsMs>;
  readonly settleTimeoutMs?: number;
  readonly inheritedEnv?: Readonly<Record<string, string | undefined>>;
}

export class ServiceManager implements DeploymentTarget {
  readonly #options: ServiceManagerOptions;
  readonly #clock: Clock;
  readonly #supervisors = new Map<string, ComponentSupervisor>();
  readonly #builtins: ReadonlyMap<string, BuiltinComponent>;
  readonly #listeners: ListenerSet<StateChange>;
  readonly #outputListeners: ListenerSet<ComponentOutput>;
  #closing?: Promise<void>;
  #shuttingDown = false;

  constructor(options: ServiceManagerOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    // An outside listener that throws must not keep the others (a deployment waiting to settle) from hearing.
    const logListenerFailure = (event: string) => (error: unknown) =>
      options.logs.greengrass.log({ level: 'ERROR', thread: 'lifecycle', logger: 'lifecycle', event, error });
    this.#listeners = new ListenerSet(logListenerFailure('state-listener-failed'));
    this.#outputListeners = new ListenerSet(logListenerFailure('output-listener-failed'));
    const builtins = options.builtins ?? [
      { name: 'aws.greengrass.Nucleus', version: options.core.nucleusVersion },
    ];
    this.#builtins = new Map(builtins.map((builtin) => [builtin.name, builtin]));
  }

  get(name: string): ComponentSupervisor | undefined {
    return this.#supervisors.get(name);
  }

  list(): readonly ComponentStatus[] {
    const builtins = [...this.#builtins.values()].map((b) => ({
      name: b.name,
      version: b.version,
      state: b.state ?? ('FINISHED' as const),
    }));
    const components = [...this.#supervisors.values()].map((s) => {
      const pid = s.mainPid;
      return { name: s.name, version: s.spec.version, state: s.state, ...(pid === undefined ? {} : { pid }) };
    });
    return [...builtins, ...components];
  }

  /** One component's status, built-ins included; undefined when the core has no such component. */
  status(name: string): ComponentStatus | undefined {
    return this.list().find((component) => component.name === name);
  }

  isBuiltin(name: string): boolean {
    return this.#builtins.has(name);
  }

  onStateChange(listener: (change: StateChange) => void): Unsubscribe {
    return this.#listeners.add(listener);
  }

  /** Every output line of every component, as it is logged. */
  onOutput(listener: (output: ComponentOutput) => void): Unsubscribe {
    return this.#outputListeners.add(listener);
  }

  /** Resolves when every planned component is RUNNING or FINISHED; rejects with COMPONENT_BROKEN or DEPLOYMENT_TIMEOUT. */
  async apply(plan: DeploymentPlan): Promise<void> {
    if (this.#shuttingDown) throw new CoreError('DEPLOYMENT_CANCELLED', 'the local core is shutting down');
    await this.#stopInDependentOrder(
      plan.removed.filter((name) => this.#supervisors.has(name)),
      true,
    );
    for (const spec of plan.components) {
      const existing = this.#supervisors.get(spec.name);
      if (existing === undefined) this.#create(spec).start();
      else existing.update(spec);
    }
    await this.#settle(plan.components.map((spec) => spec.name));
  }

  /** `component restart`; false when the component is BROKEN or unknown. */
  restart(name: string): boolean {
    return this.#supervisors.get(name)?.restart() ?? false;
  }

  /** `component stop` */
  async stop(name: string): Promise<void> {
    await this.#supervisors.get(name)?.stop();
  }

  /** UpdateState over IPC. */
  reportState(name: string, state: ComponentState): boolean {
    return this.#supervisors.get(name)?.reportState(state) ?? false;
  }

  /** Stops every component, dependents before their dependencies; idempotent. */
  close(): Promise<void> {
    this.#shuttingDown = true; // before stopping: state changes below must see it
    this.#closing ??= this.#stopInDependentOrder([...this.#supervisors.keys()], false);
    return this.#closing;
  }

  #create(spec: ComponentSpec): ComponentSupervisor {
    const options = this.#options;
    const supervisor = new ComponentSupervisor(spec, {
      workDir: options.paths.work(spec.name),
      core: options.core,
      token: () => options.tokens.issue(spec.name),
      ledger: options.ledger,
      coreLog: options.logs.greengrass,
      componentLog: options.logs.component(spec.name),
      clock: this.#clock,
      stepTimeoutsMs: { ...DEFAULT_STEP_TIMEOUTS_MS, ...options.stepTimeoutsMs },
      stopGraceMs: options.stopGraceMs ?? DEFAULT_STOP_GRACE_MS,
      inheritedEnv: options.inheritedEnv ?? process.env,
      dependenciesReady: (s) => s.dependencies.every((dependency) => this.#isReady(dependency.name)),
      onOutput: (output) => this.#outputListeners.emit(output),
    });
    supervisor.onStateChange((change) => this.#onStateChange(change));
    this.#supervisors.set(spec.name, supervisor);
    return supervisor;
  }

  #isReady(name: string): boolean {
    if (this.#builtins.has(name)) return true;
    const supervisor = this.#supervisors.get(name);
    return supervisor !== undefined && isReadyForDependents(supervisor.state);
  }

  #onStateChange(change: StateChange): void {
    if (revokesTokenOnEntry(change.to)) this.#options.tokens.revoke(change.name);
    const becameUnready = isReadyForDependents(change.from) && !isReadyForDependents(change.to);
    for (const supervisor of this.#supervisors.values()) {
      if (supervisor.name === change.name) continue;
      const dependency = supervisor.spec.dependencies.find((d) => d.name === change.name);
      if (dependency === undefined) continue;
      const active = supervisor.state === 'STARTING' || supervisor.state === 'RUNNING';
      if (becameUnready && active && dependency.type === 'HARD' && !this.#shuttingDown) supervisor.restart();
      else supervisor.dependenciesChanged();
    }
    this.#listeners.emit(change);
  }

  /** Stops the named components, each only after every component depending on it has stopped. */
  async #stopInDependentOrder(names: readonly string[], remove: boolean): Promise<void> {
    const remaining = new Set(names);
    while (remaining.size > 0) {
      const wave = [...remaining].filter(
        (name) =>
          ![...remaining].some((other) =>
            this.#supervisors.get(other)?.spec.dependencies.some((d) => d.name === name),
          ),
      );
      const batch = wave.length > 0 ? wave : [...remaining]; // a cycle: stop the rest together
      await Promise.all(batch.map((name) => this.#supervisors.get(name)?.stop()));
      for (const name of batch) {
        remaining.delete(name);
        if (remove) this.#remove(name);
      }
    }
  }

  #remove(name: string): void {
    this.#supervisors.delete(name);
    this.#options.tokens.revoke(name);
    this.#options.ledger.forget(name);
  }

  #settle(names: readonly string[]): Promise<void> {
    const settleTimeoutMs = this.#options.settleTimeoutMs ?? DEFAULT_DEPLOYMENT_SETTLE_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const states = names.map((name) => [name, this.#supervisors.get(name)?.state] as const);
        const broken = states.filter(([, state]) => state === 'BROKEN').map(([name]) => name);
        if (this.#shuttingDown)
          finish(
            new CoreError('DEPLOYMENT_CANCELLED', 'the local core shut down before the deployment finished'),
          );
        else if (broken.length > 0) {
          finish(
            new CoreError('COMPONENT_BROKEN', `${broken.join(', ')} ended BROKEN; see its log file`, {
              details: { components: broken },
            }),
          );
        } else if (states.every(([, state]) => state !== undefined && isReadyForDependents(state))) finish();
        else return false;
        return true;
      };
      const finish = (error?: CoreError) => {
        off();
        this.#clock.clearTimeout(timer);
        if (error === undefined) resolve();
        else reject(error);
      };
      const off = this.onStateChange(() => check());
      const timer = this.#clock.setTimeout(() => {
        const waiting = names.filter(
          (name) => !isReadyForDependents(this.#supervisors.get(name)?.state ?? 'NEW'),
        );
        finish(
          new CoreError(
            'DEPLOYMENT_TIMEOUT',
            `${waiting.join(', ')} did not reach RUNNING or FINISHED within ${settleTimeoutMs} ms`,
          ),
        );
      }, settleTimeoutMs);
      check();
    });
  }
}
