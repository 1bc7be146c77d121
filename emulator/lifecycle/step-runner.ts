// Starts one lifecycle step: Skipif, working folder, environment, `shell-runner-start`, output
// lines into the component log, and the step's timeout (which stops the process and marks the
// result timed out). RequiresPrivilege is honoured only as far as the core's own user allows:
// the core never uses sudo, so as a non-root user the step runs as that user, with a warning.

import fs from 'node:fs';
import type { Clock } from '../platform/clock.ts';
import type { LifecycleStep } from '../recipes/lifecycle-definition.ts';
import type { ComponentLogLines } from './component-log-lines.ts';
import { type ShellProcess, startShellProcess } from './shell-process.ts';
import { shouldSkip } from './skip-if.ts';

export interface StepRunnerContext {
  readonly workDir: string;
  readonly clock: Clock;
  readonly stopGraceMs: number;
  readonly lines: ComponentLogLines;
  readonly environment: (step: LifecycleStep) => Record<string, string>;
}

export interface StepOptions {
  readonly timeoutMs?: number;
  /** Checked when the timeout fires; the step is only timed out while this holds. */
  readonly timeoutApplies?: () => boolean;
}

export interface StepResult {
  readonly exitCode: number;
  readonly timedOut: boolean;
  readonly spawnError?: Error;
}

export type StepStart =
  | { readonly kind: 'skipped' }
  | { readonly kind: 'started'; readonly process: ShellProcess; readonly result: Promise<StepResult> };

export function startStep(
  step: LifecycleStep,
  context: StepRunnerContext,
  options: StepOptions = {},
): StepStart {
  const { lines, clock } = context;
  const env = context.environment(step);
  if (step.skipIf !== undefined && shouldSkip(step.skipIf, env)) {
    lines.core('DEBUG', 'generic-service-skipped', undefined, { script: lines.scriptName(step.scriptPath) });
    return { kind: 'skipped' };
  }
  if (step.requiresPrivilege && process.getuid?.() !== 0) {
    lines.core(
      'WARN',
      'requires-privilege-not-honoured',
      'RequiresPrivilege is set but the core is not root; the step runs as the core user',
      {
        scriptName: lines.scriptName(step.scriptPath),
        uid: process.getuid?.(),
      },
    );
  }
  fs.mkdirSync(context.workDir, { recursive: true });
  lines.scriptStart(step.scriptPath, step.script);
  const child = startShellProcess({
    script: step.script,
    cwd: context.workDir,
    env,
    clock,
    onLine: (stream, line) => lines.output(stream, step.scriptPath, line),
  });
  let timedOut = false;
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : clock.setTimeout(() => {
          if (!child.running || !(options.timeoutApplies?.() ?? true)) return;
          timedOut = true;
          void child.terminate(context.stopGraceMs);
        }, options.timeoutMs);
  const result = child.ended.then((end): StepResult => {
    if (timer !== undefined) clock.clearTimeout(timer);
    if (end.spawnError !== undefined) {
      lines.scriptFailed(step.scriptPath, step.script, { error: end.spawnError.message });
      return { exitCode: end.exitCode, timedOut, spawnError: end.spawnError };
    }
    return { exitCode: end.exitCode, timedOut };
  });
  return { kind: 'started', process: child, result };
}
