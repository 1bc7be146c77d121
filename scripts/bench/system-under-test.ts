// The system under test, seen from the bench: a core host process (core-host.ts) running the
// local core, which deploys com.custom.ImageClassifier and its Node.js runtime from the build. Gives the socket and a
// token for the load generator, and the pids whose memory and CPU the bench reads.
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CORE_HOST_START_ENV,
  type CoreHostCommand,
  type CoreHostEvent,
  type CoreHostStart,
} from './core-host-protocol.ts';

export interface SystemUnderTest {
  readonly socketPath: string;
  readonly clientToken: string;
  readonly corePid: number;
  /** The running classifier's pid. */
  readonly classifierPid: number;
  /** (Re)starts the classifier; resolves with its time from process start to ready. */
  restartClassifier(): Promise<number>;
  /** The Node.js version the classifier runs on, once started. */
  readonly classifierNodeVersion: string;
  /** Starts bench.Echo (the IPC-only reference component); resolves with its pid. */
  startEcho(): Promise<number>;
  stopEcho(): Promise<void>;
  /** RSS of the bare stack (memory-floor.ts) with the classifier's environment. */
  measureMemoryFloor(): Promise<number>;
  /** Stops the classifier (graceful drain), the core, and removes the temporary folder. */
  stop(): Promise<void>;
}

export interface SystemOptions {
  readonly recipeDir: string;
  readonly artifactDir: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly nodeArgs: readonly string[];
  /** Called if the classifier dies on its own: every figure after that would be wrong. */
  readonly onClassifierExit: (how: string) => void;
}

const CORE_HOST = fileURLToPath(new URL('./core-host.ts', import.meta.url));

export async function startSystemUnderTest(options: SystemOptions): Promise<SystemUnderTest> {
  // Short: a Unix socket path is limited to 107 bytes.
  const workDir = await mkdtemp(path.join(tmpdir(), 'bench-'));
  const start: CoreHostStart = {
    recipeDir: options.recipeDir,
    artifactDir: options.artifactDir,
    workDir,
    config: options.config,
    nodeArgs: options.nodeArgs,
  };
  const host = fork(CORE_HOST, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, [CORE_HOST_START_ENV]: JSON.stringify(start) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const events = new EventQueue(host);
  host.on('message', (event: CoreHostEvent) => {
    if (event.type === 'classifier-exit')
      options.onClassifierExit(`code ${event.code}, signal ${event.signal}`);
  });
  const ready = await events.next('ready');
  let classifierPid = 0;
  let classifierNodeVersion = '';
  const restartClassifier = async (): Promise<number> => {
    host.send({ type: 'start-classifier' } satisfies CoreHostCommand);
    const running = await events.next('classifier-running');
    classifierPid = running.pid;
    classifierNodeVersion = running.nodeVersion;
    return running.startToRunningMs;
  };
  return {
    socketPath: ready.socketPath,
    clientToken: ready.clientToken,
    corePid: host.pid as number,
    get classifierPid() {
      return classifierPid;
    },
    get classifierNodeVersion() {
      return classifierNodeVersion;
    },
    restartClassifier,
    async startEcho() {
      host.send({ type: 'start-echo' } satisfies CoreHostCommand);
      return (await events.next('echo-running')).pid;
    },
    async measureMemoryFloor() {
      host.send({ type: 'measure-memory-floor' } satisfies CoreHostCommand);
      return (await events.next('memory-floor')).rssBytes;
    },
    async stopEcho() {
      host.send({ type: 'stop-echo' } satisfies CoreHostCommand);
      await events.next('echo-stopped');
    },
    async stop() {
      if (host.connected) {
        host.send({ type: 'stop' } satisfies CoreHostCommand);
        await events.next('stopped');
      }
      await new Promise((resolve) => (host.exitCode === null ? host.once('exit', resolve) : resolve(null)));
      await rm(workDir, { recursive: true, force: true });
    },
  };
}

/** Awaits the core host's events one by one; `failed` or an exit rejects the waiting call. */
class EventQueue {
  readonly #events: Array<CoreHostEvent | Error> = [];
  #waiter: ((event: CoreHostEvent | Error) => void) | undefined;

  constructor(host: ChildProcess) {
    host.on('message', (event: CoreHostEvent) => this.#push(event));
    host.once('exit', (code, signal) => this.#push(new Error(`core host exited (${code ?? signal})`)));
  }

  async next<T extends CoreHostEvent['type']>(type: T): Promise<Extract<CoreHostEvent, { type: T }>> {
    for (;;) {
      const event =
        this.#events.shift() ??
        (await new Promise<CoreHostEvent | Error>((resolve) => {
          this.#waiter = resolve;
        }));
      if (event instanceof Error) throw event;
      if (event.type === 'failed') throw new Error(`core host: ${event.message}`);
      if (event.type === type) return event as Extract<CoreHostEvent, { type: T }>;
    }
  }

  #push(event: CoreHostEvent | Error): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    if (waiter) waiter(event);
    else this.#events.push(event);
  }
}
