// Runs the local core's command line (`emulator/cli/main.ts`) as a child process, as a user's
// `npm run emulator -- ...` would, minus npm: short verbs to completion, long-running ones
// (`start`, `pubsub sub`) with waits on their output lines.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const CLI_ENTRY = fileURLToPath(new URL('../../emulator/cli/main.ts', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Failure guard only: the longest a verb or a wait for an output line may take. */
export const CLI_TIMEOUT_MS = 30_000;

export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `launcher`: a command the CLI runs under, given node and its arguments last (e.g. unshare ... exec "$@"). */
function spawnCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  launcher: readonly string[] = [],
): ChildProcess {
  const command = [...launcher, process.execPath, '--import', 'tsx', CLI_ENTRY, ...args];
  return spawn(command[0] as string, command.slice(1), {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Runs one verb to completion. */
export function runCli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const child = spawnCli(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`emulator ${args.join(' ')} did not finish in ${CLI_TIMEOUT_MS} ms:\n${stdout}\n${stderr}`),
      );
    }, CLI_TIMEOUT_MS);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A long-running verb whose output lines tests can wait for. */
export class CliProcess {
  readonly lines: { readonly stream: 'stdout' | 'stderr'; readonly text: string }[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcess;
  readonly #waiters = new Set<() => void>();
  #hasExited = false;

  /** The process id of what was spawned (node, or the launcher that execs it). */
  get pid(): number | undefined {
    return this.#child.pid;
  }

  constructor(args: readonly string[], env: NodeJS.ProcessEnv = {}, launcher: readonly string[] = []) {
    this.#child = spawnCli(args, env, launcher);
    this.exited = new Promise((resolve) =>
      this.#child.once('exit', (code, signal) => {
        this.#hasExited = true;
        resolve({ code, signal });
        this.#notify();
      }),
    );
    for (const stream of ['stdout', 'stderr'] as const) {
      const input = this.#child[stream];
      if (input === null) continue;
      createInterface({ input }).on('line', (text) => {
        this.lines.push({ stream, text });
        this.#notify();
      });
    }
  }

  /** Resolves with the first line (past or future) matching `pattern`; rejects if the process exits first. */
  waitForLine(pattern: RegExp, timeoutMs = CLI_TIMEOUT_MS): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.lines.find((line) => pattern.test(line.text));
        if (found !== undefined) return finish(() => resolve(found.text));
        if (this.#hasExited)
          return finish(() => reject(new Error(`exited before printing ${pattern}:\n${this.output()}`)));
      };
      const timer = setTimeout(
        () =>
          finish(() =>
            reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${this.output()}`)),
          ),
        timeoutMs,
      );
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        this.#waiters.delete(check);
        settle();
      };
      this.#waiters.add(check);
      check();
    });
  }

  signal(signal: NodeJS.Signals): void {
    this.#child.kill(signal);
  }

  output(): string {
    return this.lines.map((line) => `${line.stream}: ${line.text}`).join('\n');
  }

  /** Stops the process if it still runs (SIGTERM, SIGKILL after the guard) and waits for it. */
  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#child.kill('SIGTERM');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), CLI_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }

  #notify(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
