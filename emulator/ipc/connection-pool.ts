// Every open connection of the server: admission against the limits, lookup by component (for
// token revocation), and bulk close.

import type { Socket } from 'node:net';
import type { CoreLogger } from '../logs/core-logger.ts';
import { type ConnectionContext, IpcConnection } from './connection.ts';
import type { IpcCloseCode } from './connection-codes.ts';
import type { IpcLimits } from './limits.ts';
import type { OperationRegistry } from './operation-registry.ts';

export interface ConnectionPoolOptions {
  readonly limits: IpcLimits;
  readonly logger: CoreLogger;
  readonly registry: OperationRegistry;
  authenticate(token: string): string | undefined;
  /** Refuse a bad Connect by closing the socket (nucleus lite) instead of a rejected ConnectAck. */
  readonly refuseByClosing?: boolean;
}

export class ConnectionPool {
  readonly #options: ConnectionPoolOptions;
  readonly #connections = new Set<IpcConnection>();
  readonly #authenticated = new Set<IpcConnection>();
  readonly #context: ConnectionContext;
  #nextConnectionId = 1;

  constructor(options: ConnectionPoolOptions) {
    this.#options = options;
    this.#context = {
      limits: options.limits,
      logger: options.logger,
      registry: options.registry,
      authenticate: (token) => options.authenticate(token),
      hasCapacity: () => this.#authenticated.size < options.limits.maxConnections,
      refuseByClosing: options.refuseByClosing === true,
      onAuthenticated: (connection) => this.#authenticated.add(connection),
      onClosed: (connection) => {
        this.#connections.delete(connection);
        this.#authenticated.delete(connection);
      },
    };
  }

  /** Open connections, authenticated or still in the handshake. */
  get size(): number {
    return this.#connections.size;
  }

  accept(socket: Socket): void {
    const pendingHandshakes = this.#connections.size - this.#authenticated.size;
    if (pendingHandshakes >= this.#options.limits.maxPendingHandshakes) {
      // Make room by closing the oldest socket that has sent nothing (else the oldest in the
      // handshake): a component connects and sends its Connect at once, so silent sockets
      // cannot keep it out, and the newest socket, most likely a live client, gets its turn.
      const pending = [...this.#connections].filter((connection) => !this.#authenticated.has(connection));
      const victim = pending.find((connection) => connection.silent) ?? pending[0];
      victim?.close(
        'HANDSHAKE_EVICTED',
        `${pendingHandshakes} sockets were in the handshake (maxPendingHandshakes): the oldest ${victim.silent ? 'silent ' : ''}one gave way to a new one`,
      );
    }
    const connection = new IpcConnection(this.#nextConnectionId, socket, this.#context);
    this.#nextConnectionId += 1;
    this.#connections.add(connection);
  }

  /** Closes the connections authenticated as `principal`; returns how many. */
  closePrincipal(principal: string, reason: IpcCloseCode, detail: string): number {
    const matching = [...this.#authenticated].filter((connection) => connection.principal === principal);
    for (const connection of matching) connection.close(reason, detail);
    return matching.length;
  }

  /** Closes every connection; returns how many were open. */
  closeAll(reason: IpcCloseCode, detail: string): number {
    const all = [...this.#connections];
    for (const connection of all) connection.close(reason, detail);
    return all.length;
  }
}
