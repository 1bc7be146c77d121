// Runs test/fixtures/ipc/sdk-component.ts in its own Node process with a component's IPC
// environment, and lets a test send commands and await the lines it reports.

import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const FIXTURE = fileURLToPath(new URL('../../fixtures/ipc/sdk-component.ts', import.meta.url));
/** Failure guard only: how long to wait for a line before failing the test. */
const LINE_TIMEOUT_MS = 15_000;

export type Report = { event: string; id?: string; [key: string]: unknown };

export class ComponentProcess {
  readonly lines: Report[] = [];
  readonly #child: ChildProcess;
  readonly #waiters: Array<{ match: (line: Report) => boolean; resolve: (line: Report) => void }> = [];
  readonly exited: Promise<number | null>;

  constructor(socketPath: string, token: string | undefined) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT: socketPath,
    };
    if (token === undefined) delete env.SVCUID;
    else env.SVCUID = token;
    this.#child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
      env,
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    this.exited = new Promise((resolve) => this.#child.once('exit', (code) => resolve(code)));
    createInterface({ input: this.#child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
      const line = JSON.parse(text) as Report;
      this.lines.push(line);
      for (const waiter of [...this.#waiters]) {
        if (waiter.match(line)) {
          this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    });
  }

  send(command: Record<string, unknown>): void {
    this.#child.stdin?.write(`${JSON.stringify(command)}\n`);
  }

  /** The first reported line, past or future, that matches. */
  waitFor(match: (line: Report) => boolean, what = 'a matching line'): Promise<Report> {
    const seen = this.lines.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), LINE_TIMEOUT_MS);
      this.#waiters.push({
        match,
        resolve: (line) => {
          clearTimeout(timer);
          resolve(line);
        },
      });
    });
  }

  async request(command: Record<string, unknown>, done: string[]): Promise<Report> {
    this.send(command);
    return this.waitFor(
      (line) => done.includes(line.event) && (command.id === undefined || line.id === command.id),
      `${done.join('/')} for ${JSON.stringify(command)}`,
    );
  }

  async connect(): Promise<Report> {
    await this.waitFor((line) => line.event === 'ready', 'ready');
    return this.request({ op: 'connect' }, ['connected', 'connect-failed']);
  }

  messages(id: string): Report[] {
    return this.lines.filter((line) => line.event === 'message' && line.id === id);
  }

  kill(): void {
    this.#child.kill('SIGKILL');
  }

  async exit(): Promise<void> {
    this.send({ op: 'exit' });
    await this.exited;
  }
}
