// Runs one component through its lifecycle (docs/greengrass-behaviour.md#lifecycle, docs/greengrass-behaviour.md#state-transitions, docs/greengrass-behaviour.md#errors-and-broken). Every input
// (a request, a step's result, a process exit, an IPC state report) is a signal handled one at a
// time; the only way to change state is `#move`, which asks the pure transition table, counts
// errors for BROKEN, logs `service-set-state`, tells listeners, and then runs the effect of
// entering the new state:
//
//   NEW        Install (once per version, see install-ledger.ts), then INSTALLED
//   INSTALLED  wait until every dependency is RUNNING or FINISHED, then STARTING
//   STARTING   Startup (RUNNING when it exits 0) or Run (RUNNING once spawned); neither: FINISHED
//   STOPPING   Shutdown, then SIGTERM to every process group, SIGKILL after the grace period
//   ERRORED    Recover, then retry: reinstall (from NEW) or stop and start again
//   BROKEN     stop everything; only a reinstall (a new deployment) leaves it

import type { LifecycleStep } from '../recipes/lifecycle-definition.ts';
import { ListenerSet, type Unsubscribe } from '../util/listener-set.ts';
import { ComponentLogLines } from './component-log-lines.ts';
import type { ComponentSpec, StateChange, SupervisorContext } from './component-spec.ts';
import {
  type ComponentState,
  type LifecycleEvent,
  REPORTABLE_STATES,
  recoveryEvent,
  transition,
} from './component-state.ts';
import { buildStepEnvironment } from './core-environment.ts';
import {
  DEFAULT_ERROR_RESET_TIME_MS,
  type ErrorHistory,
  type ReportOutcome,
  recordReport,
} from './error-budget.ts';
import { installFingerprint } from './install-fingerprint.ts';
import { afterStopping, type Goal, nextAction, type Redo, specChange } from './lifecycle-intent.ts';
import type { ShellProcess } from './shell-process.ts';
import { StepProcesses } from './step-processes.ts';
import type { StepResult } from './step-runner.ts';
import { stepTimeoutMs } from './step-timeouts.ts';

export class ComponentSupervisor {
  #spec: ComponentSpec;
  readonly #context: SupervisorContext;
  readonly #lines: ComponentLogLines;
  #state: ComponentState = 'NEW';
  #erroredFrom: ComponentState = 'NEW';
  #goal: Goal = 'FINISHED';
  #redo: Redo = 'none';
  #history: ErrorHistory = {};
  /** Bumped on every state entry, so results of steps started in an older state are ignored. */
  #generation = 0;
  #busy = false;
  readonly #processes: StepProcesses;
  /** The Startup or Run process of the current start; exits of older ones are only logged. */
  #mainProcess: ShellProcess | undefined;
  readonly #listeners: ListenerSet<StateChange>;
  readonly #signals: (() => void)[] = [];
  #draining = false;

  constructor(spec: ComponentSpec, context: SupervisorContext) {
    this.#spec = spec;
    this.#context = context;
    // a failing listener must not stop the lifecycle; say so where it can be seen
    this.#listeners = new ListenerSet((error) =>
      context.coreLog.log({
        level: 'ERROR',
        thread: `${spec.name}-lifecycle`,
        logger: 'lifecycle',
        event: 'state-listener-failed',
        error,
      }),
    );
    this.#lines = new ComponentLogLines(
      spec.name,
      context.coreLog,
      context.componentLog,
      () => this.#state,
      context.onOutput,
    );
    this.#processes = new StepProcesses({
      workDir: context.workDir,
      clock: context.clock,
      stopGraceMs: context.stopGraceMs,
      lines: this.#lines,
      environment: (step) =>
        buildStepEnvironment({
          inherited: context.inheritedEnv,
          core: context.core,
          token: context.token(),
          lifecycleSetenv: this.#spec.lifecycle.setenv,
          step,
        }),
    });
    if (spec.lifecycle.steps.bootstrap !== undefined) {
      this.#lines.core(
        'WARN',
        'bootstrap-not-run',
        'The local core does not run Bootstrap steps (they restart the nucleus)',
      );
    }
  }

  get name(): string {
    return this.#spec.name;
  }

  get spec(): ComponentSpec {
    return this.#spec;
  }

  /** The pid of the running Run or Startup process (its process group leader), if there is one. */
  get mainPid(): number | undefined {
    const main = this.#mainProcess;
    return main?.running ? main.pid : undefined;
  }

  get state(): ComponentState {
    return this.#state;
  }

  onStateChange(listener: (change: StateChange) => void): Unsubscribe {
    return this.#listeners.add(listener);
  }

  /** Resolves once the state satisfies `predicate` (at once if it already does). */
  waitForState(predicate: (state: ComponentState) => boolean): Promise<ComponentState> {
    if (predicate(this.#state)) return Promise.resolve(this.#state);
    return new Promise((resolve) => {
      const off = this.onStateChange(({ to }) => {
        if (predicate(to)) {
          off();
          resolve(to);
        }
      });
    });
  }

  start(): void {
    this.#signal(() => {
      this.#goal = 'RUNNING';
      this.#kick();
    });
  }

  /** Stops the component; resolves when it is FINISHED or BROKEN and its processes are gone. */
  async stop(): Promise<void> {
    this.#signal(() => {
      this.#goal = 'FINISHED';
      this.#redo = 'none';
      if (this.#state === 'NEW' && this.#busy) this.#processes.interruptAll();
      this.#kick();
    });
    await this.waitForState((state) => state === 'FINISHED' || state === 'BROKEN');
    await this.#processes.allEnded();
  }

  /** `greengrass-cli component restart`: ignored (and logged) while BROKEN (reference 4.7). */
  restart(): boolean {
    if (this.#state === 'BROKEN') {
      this.#lines.broken();
      return false;
    }
    this.#signal(() => {
      this.#goal = 'RUNNING';
      if (this.#redo === 'none' && this.#state !== 'NEW' && this.#state !== 'INSTALLED')
        this.#redo = 'restart';
      this.#kick();
    });
    return true;
  }

  /** A new deployment of the component: the only way out of BROKEN. */
  reinstall(): void {
    this.#signal(() => {
      this.#goal = 'RUNNING';
      this.#redo = 'reinstall';
      this.#history = {};
      this.#kick();
    });
  }

  /** A deployment changed the spec: reinstall for a new version or Install step, restart for other lifecycle changes. */
  update(spec: ComponentSpec): void {
    const change = specChange(this.#spec, spec, this.#state);
    this.#spec = spec;
    if (change === 'reinstall') this.reinstall();
    else if (change === 'restart') this.restart();
  }

  /** UpdateState over IPC (Lifecycle.reportState); false when the report is not allowed now. */
  reportState(reported: ComponentState): boolean {
    if (!(REPORTABLE_STATES[this.#state] ?? []).includes(reported)) {
      this.#lines.core('WARN', 'service-invalid-state-error', 'Invalid reported state', {
        newState: reported,
      });
      return false;
    }
    this.#signal(() => {
      if (reported === 'RUNNING') this.#move('started');
      else if (reported === 'ERRORED') this.#fail('The component reported ERRORED', 'REPORTED_ERRORED');
      else {
        this.#goal = 'FINISHED';
        this.#kick();
      }
    });
    return true;
  }

  /** Called by the manager when another component changed state. */
  dependenciesChanged(): void {
    if (this.#state === 'INSTALLED') this.#signal(() => this.#kick());
  }

  #signal(handler: () => void): void {
    this.#signals.push(handler);
    if (this.#draining) return;
    this.#draining = true;
    try {
      for (let next = this.#signals.shift(); next !== undefined; next = this.#signals.shift()) next();
    } finally {
      this.#draining = false;
    }
  }

  /** Acts on the intent in states that wait for a request. */
  #kick(): void {
    const action = nextAction(
      this.#state,
      { goal: this.#goal, redo: this.#redo },
      {
        installing: this.#busy,
        dependenciesReady: () => this.#context.dependenciesReady(this.#spec),
      },
    );
    if (action === 'install') this.#install();
    else if (action !== undefined) this.#move(action);
  }

  #move(event: LifecycleEvent): void {
    const from = this.#state;
    const result = transition(from, event);
    if (!result.ok) {
      this.#lines.core('DEBUG', 'service-invalid-state-error', result.reason);
      return;
    }
    const to = result.state;
    // Errors were counted by #fail; every other move is a report that resets its state's count.
    if (to !== 'BROKEN' && to !== 'ERRORED') this.#history = this.#report(from, to).history;
    if (to === 'ERRORED') this.#erroredFrom = from;
    if (to === 'NEW' || (to === 'INSTALLED' && this.#redo === 'restart')) this.#redo = 'none';
    this.#lines.setState(from, to);
    this.#state = to;
    this.#generation++;
    this.#busy = false;
    this.#listeners.emit({ name: this.#spec.name, from, to });
    const generation = this.#generation;
    this.#signal(() => {
      if (generation === this.#generation) this.#enter(to); // unless another signal moved on first
    });
  }

  #enter(state: ComponentState): void {
    if (state === 'STARTING') this.#startup();
    else if (state === 'STOPPING')
      this.#shutdown(() => this.#move(afterStopping({ goal: this.#goal, redo: this.#redo })));
    else if (state === 'ERRORED') this.#recover();
    else if (state === 'BROKEN') this.#shutdown(() => this.#lines.broken());
    else this.#kick();
  }

  #fail(reason: string, statusCode: string): void {
    const from = this.#state;
    if (from === 'ERRORED' || from === 'BROKEN' || from === 'FINISHED') return;
    this.#lines.errored(reason, statusCode);
    const outcome = this.#report(from, 'ERRORED');
    this.#history = outcome.history;
    this.#move(outcome.broken ? 'broke' : 'errored');
  }

  #report(from: ComponentState, to: ComponentState): ReportOutcome {
    const { errorResetTimeSec } = this.#spec.lifecycle;
    const windowMs = errorResetTimeSec === undefined ? DEFAULT_ERROR_RESET_TIME_MS : errorResetTimeSec * 1000;
    return recordReport(this.#history, from, to, this.#context.clock.now(), windowMs);
  }

  #install(): void {
    const { install } = this.#spec.lifecycle.steps;
    const fingerprint = installFingerprint(this.#spec.version, install);
    if (install === undefined || this.#context.ledger.isInstalled(this.#spec.name, fingerprint)) {
      if (install !== undefined)
        this.#lines.core('INFO', 'install-skipped', 'Install already ran for this version', {
          version: this.#spec.version,
        });
      this.#move('install-succeeded');
      return;
    }
    this.#busy = true;
    this.#afterStep(this.#processes.runToEnd(install, { timeoutMs: this.#timeoutMs(install) }), (outcome) => {
      if (this.#goal === 'FINISHED') this.#move('finish');
      else if ('timedOut' in outcome && outcome.timedOut) this.#fail('Timeout in install', 'INSTALL_TIMEOUT');
      else if ('exitCode' in outcome && outcome.exitCode !== 0)
        this.#fail(`Install script exited with code ${outcome.exitCode}`, 'INSTALL_ERRORED');
      else {
        this.#context.ledger.recordInstalled(this.#spec.name, fingerprint);
        this.#move('install-succeeded');
      }
    });
  }

  /**
   * Calls `then` with the step's outcome if the component is still in the state that started it;
   * a step that could not run at all (its work folder or process could not be created) errors
   * the component instead of rejecting unhandled.
   */
  #afterStep<T>(pending: Promise<T>, then: (outcome: T) => void): void {
    const generation = this.#generation;
    pending.then(
      (outcome) => {
        if (generation === this.#generation) this.#signal(() => then(outcome));
      },
      (error: unknown) => {
        if (generation !== this.#generation) return;
        const reason = error instanceof Error ? error.message : String(error);
        this.#signal(() => this.#fail(`The lifecycle step could not run: ${reason}`, 'STEP_FAILED'));
      },
    );
  }

  #timeoutMs(step: LifecycleStep): number | undefined {
    return stepTimeoutMs(step, this.#context.stepTimeoutsMs);
  }

  #startup(): void {
    const { startup, run } = this.#spec.lifecycle.steps;
    if (this.#goal === 'FINISHED' || this.#redo !== 'none') {
      this.#move('stop');
      return;
    }
    const step = startup ?? run;
    const generation = this.#generation;
    const started =
      step === undefined
        ? undefined
        : this.#processes.start(step, {
            timeoutMs: this.#timeoutMs(step),
            timeoutApplies: () =>
              step === run || (this.#state === 'STARTING' && this.#generation === generation),
          });
    if (step === undefined || (started === undefined && step === run)) {
      // Nothing to run: the nucleus reports FINISHED ("Nothing done") and asks for a stop.
      this.#lines.core('INFO', 'generic-service-finished', 'Nothing done');
      this.#goal = 'FINISHED';
      this.#move('nothing-to-run');
      return;
    }
    if (started === undefined) {
      this.#move('started'); // Startup skipped by Skipif
      return;
    }
    const label = step === run ? 'Run' : 'Startup';
    this.#mainProcess = started.process;
    void started.result.then((result) =>
      this.#signal(() => this.#onBackgroundExit(label, started.process, result)),
    );
    if (label === 'Run') this.#move('started');
  }

  #onBackgroundExit(label: 'Run' | 'Startup', process: ShellProcess, result: StepResult): void {
    this.#lines.scriptExited(label, result.exitCode);
    if (this.#mainProcess !== process) return; // from an earlier start, stopped on purpose
    if (this.#state !== 'STARTING' && this.#state !== 'RUNNING') return; // stopping: expected
    if (result.timedOut) this.#fail(`Timeout in ${label.toLowerCase()}`, `${label.toUpperCase()}_TIMEOUT`);
    else if (result.exitCode !== 0) {
      this.#fail(`${label} script exited with code ${result.exitCode}`, `${label.toUpperCase()}_ERRORED`);
    } else if (label === 'Startup') {
      if (this.#state === 'STARTING') this.#move('started');
    } else {
      this.#lines.core('INFO', 'generic-service-stopping', 'Service finished running');
      this.#goal = 'FINISHED';
      this.#kick();
    }
  }

  /** Shutdown step, then every remaining process group: SIGTERM, SIGKILL after the grace period. */
  #shutdown(then: () => void): void {
    this.#lines.core('INFO', '', 'Shutdown initiated');
    const { shutdown } = this.#spec.lifecycle.steps;
    const stopping = (async () => {
      const outcome =
        shutdown === undefined
          ? undefined
          : await this.#processes.runToEnd(shutdown, { timeoutMs: this.#timeoutMs(shutdown) });
      await this.#processes.stopAll();
      this.#mainProcess = undefined;
      this.#lines.core('INFO', 'generic-service-shutdown');
      return outcome !== undefined && 'timedOut' in outcome && outcome.timedOut;
    })();
    this.#afterStep(stopping, (timedOut) =>
      timedOut && this.#state === 'STOPPING' ? this.#fail('Timeout in shutdown', 'SHUTDOWN_TIMEOUT') : then(),
    );
  }

  #recover(): void {
    const { recover } = this.#spec.lifecycle.steps;
    const next = recoveryEvent(this.#erroredFrom);
    if (recover === undefined) {
      this.#move(next);
      return;
    }
    this.#afterStep(this.#processes.runToEnd(recover, { timeoutMs: this.#timeoutMs(recover) }), (outcome) => {
      if ('timedOut' in outcome && outcome.timedOut)
        this.#lines.core('ERROR', '', 'Error recovery handler timed out');
      this.#move(next);
    });
  }
}
