// A Greengrass IPC connection that survives the nucleus dropping it. The SDK client never
// reconnects and connects only once (docs/ipc-protocol.md#js-client-behaviour), so on every loss we
// build a new client with backoff and re-run each registered session hook (subscriptions).
//
//   connecting --ok--> connected --disconnection--> reconnecting --ok--> connected
//        |                  |                           |  (gave up: onFatal)
//        +------------------+---------- close() --------+----> closed

import type { Logger } from 'pino';
import { type BackoffPolicy, backoffDelayMs, DEFAULT_RECONNECT_BACKOFF } from '../backoff.ts';
import { describeError, RuntimeError } from '../errors.ts';
import { closeQuietly, connectWithTimeout, type IpcClient } from './connect.ts';
import { type ConnectionEvent, type ConnectionState, nextConnectionState } from './connection-state.ts';

export type { ConnectionState } from './connection-state.ts';

export interface ConnectionOptions {
  readonly logger: Logger;
  readonly connectTimeoutMs: number;
  /** How long reconnection may keep failing before the component gives up (exits to be restarted). */
  readonly reconnectGiveUpMs: number;
  /** How long an operation waits for a connection before failing with IPC_NOT_CONNECTED. */
  readonly operationWaitMs: number;
  /**
   * How long an operation may wait for the nucleus's answer before failing with
   * IPC_OPERATION_TIMEOUT. The SDK's own promises have no deadline, and one whose connection
   * is dropped may never settle; those fail at once with IPC_CONNECTION_LOST instead.
   */
  readonly operationTimeoutMs?: number;
  readonly backoff?: BackoffPolicy;
  /** Called once when reconnection gave up; the component should exit non-zero. */
  readonly onFatal?: (error: RuntimeError) => void;
}

export const DEFAULT_CONNECTION_OPTIONS = Object.freeze({
  connectTimeoutMs: 10_000,
  reconnectGiveUpMs: 120_000,
  operationWaitMs: 5_000,
  operationTimeoutMs: 10_000,
});

/** Runs on every new client; returns a cleanup for when that client goes away. */
export type SessionHook = (client: IpcClient) => Promise<void>;

export class IpcConnection {
  #state: ConnectionState = 'connecting';
  #client: IpcClient | undefined;
  readonly #options: ConnectionOptions;
  readonly #hooks = new Set<SessionHook>();
  readonly #waiters = new Set<() => void>();
  readonly #stateListeners = new Set<(state: ConnectionState) => void>();
  #retryTimer: NodeJS.Timeout | undefined;
  /** Operations sent on the current client and not answered yet: each fails when it is lost. */
  readonly #inFlight = new Set<(error: RuntimeError) => void>();

  private constructor(options: ConnectionOptions) {
    this.#options = options;
  }

  /** Connects (retrying with backoff up to reconnectGiveUpMs) and resolves once connected. */
  static async open(options: ConnectionOptions): Promise<IpcConnection> {
    const connection = new IpcConnection(options);
    await connection.#connectUntilGiveUp();
    return connection;
  }

  onStateChange(listener: (state: ConnectionState) => void): () => void {
    this.#stateListeners.add(listener);
    return () => this.#stateListeners.delete(listener);
  }

  /** Registers a hook run now (if connected) and after every reconnection. */
  async addSessionHook(hook: SessionHook): Promise<() => void> {
    this.#hooks.add(hook);
    if (this.#client && this.#state === 'connected') {
      try {
        await this.#settleInTime(hook(this.#client));
      } catch (error) {
        // Refused now (e.g. a subscription accessControl denies): it would fail every reconnection too.
        this.#hooks.delete(hook);
        throw error;
      }
    }
    return () => this.#hooks.delete(hook);
  }

  /**
   * Runs one operation on the current client, waiting up to operationWaitMs for a connection
   * and operationTimeoutMs for the answer; fails at once when the connection is lost meanwhile.
   */
  async run<T>(operation: (client: IpcClient) => Promise<T>): Promise<T> {
    const client = await this.#whenConnected();
    return this.#settleInTime(operation(client));
  }

  #settleInTime<T>(answer: Promise<T>): Promise<T> {
    const timeoutMs = this.#options.operationTimeoutMs ?? DEFAULT_CONNECTION_OPTIONS.operationTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      const fail = (error: RuntimeError): void => {
        done();
        reject(error);
      };
      const timer = setTimeout(
        () =>
          fail(
            new RuntimeError('IPC_OPERATION_TIMEOUT', `no answer from the nucleus within ${timeoutMs} ms`),
          ),
        timeoutMs,
      );
      const done = (): void => {
        clearTimeout(timer);
        this.#inFlight.delete(fail);
      };
      this.#inFlight.add(fail);
      answer.then(
        (value) => {
          done();
          resolve(value);
        },
        (error: unknown) => {
          done();
          reject(error);
        },
      );
    });
  }

  async close(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#move('close');
    clearTimeout(this.#retryTimer);
    for (const wake of [...this.#waiters]) wake();
    const client = this.#client;
    this.#client = undefined;
    if (client) await closeQuietly(client);
  }

  async #connectUntilGiveUp(): Promise<void> {
    const startedAt = Date.now();
    for (let attempt = 0; ; attempt++) {
      if (this.#state === 'closed')
        throw new RuntimeError('IPC_CLOSED', 'connection closed while connecting');
      try {
        const client = await connectWithTimeout(this.#options.connectTimeoutMs);
        await this.#adopt(client);
        return;
      } catch (error) {
        const elapsedMs = Date.now() - startedAt;
        if (isPermanent(error) || elapsedMs >= this.#options.reconnectGiveUpMs || this.#isClosed())
          throw error;
        const delayMs = backoffDelayMs(attempt, this.#options.backoff ?? DEFAULT_RECONNECT_BACKOFF);
        this.#options.logger.warn(
          { attempt: attempt + 1, delayMs, err: describeError(error) },
          'IPC connect failed, retrying',
        );
        await new Promise<void>((resolve) => {
          this.#retryTimer = setTimeout(resolve, delayMs);
        });
      }
    }
  }

  async #adopt(client: IpcClient): Promise<void> {
    if (this.#state === 'closed') {
      await closeQuietly(client);
      throw new RuntimeError('IPC_CLOSED', 'connection closed while connecting');
    }
    client.on('disconnection', (event) => this.#onDisconnection(client, event));
    this.#client = client;
    try {
      // Bounded like any operation: the SDK can leave a refused subscription's activate() pending
      // (docs/ipc-protocol.md#js-client-behaviour), which would otherwise hang the start for good.
      for (const hook of this.#hooks) await this.#settleInTime(hook(client));
    } catch (error) {
      // A hook failing (e.g. a subscription refused) drops this fresh connection; the connect
      // loop tries again (a core that is still starting may refuse) until reconnectGiveUpMs.
      this.#client = undefined;
      await closeQuietly(client);
      throw error;
    }
    this.#move('adopted');
    for (const wake of [...this.#waiters]) wake();
  }

  #onDisconnection(client: IpcClient, event: unknown): void {
    if (client !== this.#client || this.#state === 'closed') return;
    this.#client = undefined;
    this.#options.logger.warn({ reason: describeDisconnection(event) }, 'IPC connection lost, reconnecting');
    for (const fail of [...this.#inFlight]) {
      fail(
        new RuntimeError('IPC_CONNECTION_LOST', 'the IPC connection was lost before the nucleus answered'),
      );
    }
    this.#move('lost');
    void closeQuietly(client);
    this.#connectUntilGiveUp().catch((error: unknown) => {
      if (this.#state === 'closed') return;
      const fatal =
        error instanceof RuntimeError
          ? error
          : new RuntimeError('IPC_CONNECT_FAILED', describeError(error), { cause: error });
      this.#options.logger.error({ err: fatal.message, code: fatal.code }, 'IPC reconnection gave up');
      this.#options.onFatal?.(fatal);
    });
  }

  async #whenConnected(): Promise<IpcClient> {
    if (this.#client && this.#state === 'connected') return this.#client;
    if (this.#isClosed()) throw new RuntimeError('IPC_CLOSED', 'the IPC connection is closed');
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.#options.operationWaitMs);
      this.#waiters.add(done);
    });
    if (this.#client && this.#state === 'connected') return this.#client;
    throw new RuntimeError(
      this.#isClosed() ? 'IPC_CLOSED' : 'IPC_NOT_CONNECTED',
      `no IPC connection within ${this.#options.operationWaitMs} ms (state ${this.#state})`,
    );
  }

  // A method, not an inline comparison: the state changes across awaits, which narrowing ignores.
  #isClosed(): boolean {
    return this.#state === 'closed';
  }

  #move(event: ConnectionEvent): void {
    const state = nextConnectionState(this.#state, event);
    if (this.#state === state) return;
    this.#state = state;
    for (const listener of this.#stateListeners) listener(state);
  }
}

/** The SDK reports `{reason: CrtError}`; CrtError carries the CRT's error name (AWS_IO_SOCKET_CLOSED...). */
function describeDisconnection(event: unknown): string {
  const reason = (event as { reason?: { error_name?: string; message?: string } } | undefined)?.reason;
  return reason?.error_name ?? reason?.message ?? 'unknown';
}

/**
 * Failures retrying cannot mend: the component was not started by a nucleus, or the nucleus
 * refused its token (only a restart by the nucleus brings a new one).
 */
const isPermanent = (error: unknown): boolean =>
  error instanceof RuntimeError && (error.code === 'IPC_CONFIG_MISSING' || error.code === 'IPC_AUTH_REFUSED');
