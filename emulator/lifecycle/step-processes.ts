// The processes one component's lifecycle has running: foreground steps (Install, Shutdown,
// Recover) awaited to their end, background ones (Startup, Run) watched, and all of them
// stopped together, SIGTERM first and SIGKILL after the grace period.

import type { LifecycleStep } from '../recipes/lifecycle-definition.ts';
import type { EndedBy, ShellProcess } from './shell-process.ts';
import { type StepOptions, type StepResult, type StepRunnerContext, startStep } from './step-runner.ts';

export type StepOutcome = StepResult | { readonly skipped: true };

export interface BackgroundStep {
  readonly process: ShellProcess;
  readonly result: Promise<StepResult>;
}

export class StepProcesses {
  readonly #context: StepRunnerContext;
  readonly #live = new Set<ShellProcess>();

  constructor(context: StepRunnerContext) {
    this.#context = context;
  }

  get size(): number {
    return this.#live.size;
  }

  /** Runs a step to its end; a non-zero exit is logged as `shell-runner-error`. */
  async runToEnd(step: LifecycleStep, options: StepOptions = {}): Promise<StepOutcome> {
    const started = this.start(step, options);
    if (started === undefined) return { skipped: true };
    const result = await started.result;
    if (result.exitCode !== 0 && !result.timedOut && result.spawnError === undefined) {
      this.#context.lines.scriptFailed(step.scriptPath, step.script, { exitCode: result.exitCode });
    }
    return result;
  }

  /** Starts a step and tracks its process until it ends; undefined when Skipif skipped it. */
  start(step: LifecycleStep, options: StepOptions = {}): BackgroundStep | undefined {
    const started = startStep(step, this.#context, options);
    if (started.kind === 'skipped') return undefined;
    this.#live.add(started.process);
    const result = started.result.then((ended) => {
      this.#live.delete(started.process);
      return ended;
    });
    return { process: started.process, result };
  }

  /** Stops every tracked process group and logs what ended each one. */
  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.#live].map(async (process) => {
        const endedBy: EndedBy = await process.terminate(this.#context.stopGraceMs);
        this.#context.lines.processStopped(process.pid, endedBy);
      }),
    );
  }

  /** Starts stopping every process without waiting (a stop request during Install). */
  interruptAll(): void {
    for (const process of this.#live) void process.terminate(this.#context.stopGraceMs);
  }

  async allEnded(): Promise<void> {
    await Promise.all([...this.#live].map((process) => process.ended));
  }
}
