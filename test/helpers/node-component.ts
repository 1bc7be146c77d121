// Runs one of our components (components/<x>/main.ts) in its own Node process with a
// component's IPC environment, and lets tests await its pino log lines.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Failure guard only: the longest a test waits for one log line. */
export const LOG_LINE_TIMEOUT_MS = 20_000;

export interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export class NodeComponent {
  readonly lines: LogLine[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly #child: ChildProcess;
  readonly #waiters: Array<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }> = [];

  constructor(entry: string, env: NodeJS.ProcessEnv) {
    this.#child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL(entry, `file://${REPO_ROOT}`))],
      {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.exited = new Promise((resolve) =>
      this.#child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    createInterface({ input: this.#child.stdout as NodeJS.ReadableStream }).on('line', (text) =>
      this.#onLine(text),
    );
    createInterface({ input: this.#child.stderr as NodeJS.ReadableStream }).on('line', (text) =>
      this.stderr.push(text),
    );
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** True until the process has exited. */
  get running(): boolean {
    return this.#child.exitCode === null && this.#child.signalCode === null;
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    this.#child.kill(signal);
  }

  messages(): string[] {
    return this.lines.map((line) => line.msg);
  }

  /** The first log line, past or future, that matches. */
  waitFor(match: (line: LogLine) => boolean, what = 'a matching log line'): Promise<LogLine> {
    const seen = this.lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`timed out waiting for ${what}; last lines:\n${this.tail()}`));
      }, LOG_LINE_TIMEOUT_MS);
      this.#waiters.push({
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }

  waitForMessage(text: string | RegExp): Promise<LogLine> {
    const match =
      typeof text === 'string' ? (l: LogLine) => l.msg === text : (l: LogLine) => text.test(l.msg);
    return this.waitFor(match, `log message ${String(text)}`);
  }

  tail(count = 15): string {
    return [...this.lines.slice(-count).map((line) => JSON.stringify(line)), ...this.stderr.slice(-5)].join(
      '\n',
    );
  }

  async stop(): Promise<void> {
    if (this.running) this.kill('SIGTERM');
    await this.exited;
  }

  #onLine(text: string): void {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { level: 'raw', msg: text };
    }
    this.lines.push(line);
    for (const waiter of [...this.#waiters]) {
      if (waiter.match(line)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  }
}
