// One client connection: the thin I/O shell around the framer, the handshake, the stream table
// and the dispatcher. Any failure here closes this connection only, with a log line naming the
// failed check (docs/ipc-protocol.md#our-servers-own-limits).

import type { Socket } from 'node:net';
import type { CoreLogger, LogLevel } from '../logs/core-logger.ts';
import { routeConnectedMessage } from './connected-messages.ts';
import type { IpcCloseCode, IpcConnectRefusal } from './connection-codes.ts';
import { type ConnectionEvent, type ConnectionState, nextConnectionState } from './connection-state.ts';
import { ConnectionStreams, type StreamOwner } from './connection-streams.ts';
import { buildRpcFrame, decodeFrame, rpcFrameTemplate } from './frame-codec.ts';
import { FrameDecoder } from './frame-decoder.ts';
import { parseConnectRequest } from './handshake.ts';
import type { IpcLimits } from './limits.ts';
import type { OperationRegistry } from './operation-registry.ts';
import { FLAG_CONNECTION_ACCEPTED, parseRpcMessage, type RpcMessage } from './rpc-message.ts';

export const IPC_LOGGER_NAME = 'com.aws.greengrass.ipc.IPCEventStreamService';

/** What a connection needs from its server. */
export interface ConnectionContext {
  readonly limits: IpcLimits;
  readonly logger: CoreLogger;
  readonly registry: OperationRegistry;
  /** The component a token belongs to, or undefined for an unknown or revoked token. */
  authenticate(token: string): string | undefined;
  /** Whether one more authenticated connection fits under maxConnections. */
  hasCapacity(): boolean;
  /** Nucleus lite refuses a Connect by closing the socket, with no ConnectAck. */
  readonly refuseByClosing: boolean;
  onAuthenticated(connection: IpcConnection): void;
  onClosed(connection: IpcConnection): void;
}

const ACCEPTED_ACK = rpcFrameTemplate({ type: 'ConnectAck', flags: FLAG_CONNECTION_ACCEPTED });
const REJECTED_ACK = rpcFrameTemplate({ type: 'ConnectAck', flags: 0 });
const PROTOCOL_ERROR = rpcFrameTemplate({ type: 'ProtocolError', flags: 0, contentType: 'application/json' });
const INTERNAL_ERROR = rpcFrameTemplate({ type: 'InternalError', flags: 0, contentType: 'application/json' });
const INTERNAL_ERROR_BODY = Buffer.from('{"message":"internal error in the IPC server"}');
const EMPTY = new Uint8Array(0);

export class IpcConnection implements StreamOwner {
  readonly connectionId: number;
  readonly streams: ConnectionStreams;
  readonly #socket: Socket;
  readonly #context: ConnectionContext;
  readonly #decoder: FrameDecoder;
  #state: ConnectionState = 'awaiting-connect';
  #principal = '';
  #timer: NodeJS.Timeout | undefined;
  /** Runs while a frame is partly received (partialFrameTimeoutMs). */
  #partialFrameTimer: NodeJS.Timeout | undefined;
  #receivedBytes = 0;

  constructor(connectionId: number, socket: Socket, context: ConnectionContext) {
    this.connectionId = connectionId;
    this.#socket = socket;
    this.#context = context;
    // Until the Connect is authenticated, only frames the size of a Connect: an anonymous peer
    // cannot make the core hold more than that (memory is also only what actually arrived).
    this.#decoder = new FrameDecoder(
      Math.min(context.limits.maxConnectFrameBytes, context.limits.maxFrameBytes),
    );
    this.streams = new ConnectionStreams(this);
    this.#timer = setTimeout(
      () => this.close('HANDSHAKE_TIMEOUT', `no Connect within ${context.limits.handshakeTimeoutMs} ms`),
      context.limits.handshakeTimeoutMs,
    );
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', (error) => this.close('SOCKET_ERROR', error.message));
    socket.on('close', () => this.close('PEER_CLOSED', 'the client closed the socket'));
  }

  get state(): ConnectionState {
    return this.#state;
  }
  /** Still in the handshake and not one byte received: the first to give way under load. */
  get silent(): boolean {
    return this.#state === 'awaiting-connect' && this.#receivedBytes === 0;
  }
  get principal(): string {
    return this.#principal;
  }
  get maxFrameBytes(): number {
    return this.#context.limits.maxFrameBytes;
  }
  get maxSubscriptionsPerConnection(): number {
    return this.#context.limits.maxSubscriptionsPerConnection;
  }
  get registry(): OperationRegistry {
    return this.#context.registry;
  }

  #onData(chunk: Buffer): void {
    if (this.#state === 'closed' || this.#state === 'rejecting') return;
    this.#receivedBytes += chunk.length;
    try {
      const error = this.#decoder.push(chunk, (frame) => this.#onFrame(frame));
      if (error) this.#fail(`frame rejected (${error.code}): ${error.message}`, 'FRAME_ERROR');
      else this.#watchPartialFrame();
    } catch (error) {
      // A fault of ours costs this connection only: InternalError, then close (docs/ipc-protocol.md#connection-level-errors).
      this.log('ERROR', 'ipc-internal-error', 'unexpected failure while handling a frame', {}, error);
      if (this.#state === 'connected') this.write(buildRpcFrame(INTERNAL_ERROR, 0, INTERNAL_ERROR_BODY));
      this.close('INTERNAL_ERROR', error instanceof Error ? error.message : String(error), true);
    }
  }

  #watchPartialFrame(): void {
    if (this.#decoder.bufferedBytes === 0) {
      clearTimeout(this.#partialFrameTimer);
      this.#partialFrameTimer = undefined;
    } else if (this.#partialFrameTimer === undefined && this.#state !== 'closed') {
      const timeoutMs = this.#context.limits.partialFrameTimeoutMs;
      this.#partialFrameTimer = setTimeout(
        () => this.close('PARTIAL_FRAME_TIMEOUT', `a frame was not completed within ${timeoutMs} ms`),
        timeoutMs,
      );
    }
  }

  #onFrame(frame: Uint8Array): void {
    if (this.#state !== 'awaiting-connect' && this.#state !== 'connected') return;
    const decoded = decodeFrame(frame);
    if (!decoded.ok) {
      this.#fail(`frame rejected (${decoded.code}): ${decoded.message}`, 'FRAME_ERROR');
    } else {
      const parsed = parseRpcMessage(decoded.frame.headers, decoded.frame.body);
      if (!parsed.ok) this.#fail(parsed.violation);
      else if (this.#state === 'awaiting-connect') this.#onConnect(parsed.message);
      else routeConnectedMessage(this, parsed.message);
    }
  }

  #onConnect(message: RpcMessage): void {
    if (message.type !== 'Connect') {
      this.#fail(`${message.type} received before Connect`);
      return;
    }
    const admission = this.#admit(message);
    if (!admission.ok) {
      this.#rejectConnect(admission.reason, admission.detail);
      return;
    }
    clearTimeout(this.#timer);
    this.#principal = admission.principal;
    this.#decoder.setMaxFrameBytes(this.#context.limits.maxFrameBytes);
    this.#transition('connect-accepted');
    this.write(buildRpcFrame(ACCEPTED_ACK, 0, EMPTY));
    this.#context.onAuthenticated(this);
    this.log('INFO', 'ipc-client-connected', 'client authenticated');
  }

  /** Version, payload, token (docs/ipc-protocol.md#handshake), then room under maxConnections. */
  #admit(
    message: RpcMessage,
  ): { ok: true; principal: string } | { ok: false; reason: IpcConnectRefusal; detail: string } {
    const request = parseConnectRequest(message);
    if (!request.ok) return request;
    const principal = this.#context.authenticate(request.authToken);
    if (principal === undefined)
      return { ok: false, reason: 'AUTH_TOKEN_UNKNOWN', detail: 'the token is not registered' };
    if (!this.#context.hasCapacity()) {
      const detail = `maxConnections (${this.#context.limits.maxConnections}) authenticated connections are open`;
      return { ok: false, reason: 'CONNECTION_LIMIT', detail };
    }
    return { ok: true, principal };
  }

  /** Rejected ConnectAck, then close after a delay so the SDK sees a HandshakeError (docs/ipc-protocol.md#handshake). */
  #rejectConnect(reason: IpcConnectRefusal, detail: string): void {
    this.log('WARN', 'ipc-connect-rejected', `Connect rejected (${reason}): ${detail}`);
    clearTimeout(this.#timer);
    this.#transition('connect-rejected');
    if (this.#context.refuseByClosing) {
      this.close(reason, detail, false);
      return;
    }
    this.write(buildRpcFrame(REJECTED_ACK, 0, EMPTY));
    this.#timer = setTimeout(
      () => this.close(reason, detail, true),
      this.#context.limits.connectAckRejectCloseDelayMs,
    );
  }

  isConnected(): boolean {
    return this.#state === 'connected';
  }

  /** Writes one frame; a peer that leaves too much unread is dropped (docs/ipc-protocol.md#our-servers-own-limits). */
  write(frame: Uint8Array): boolean {
    if (this.#state === 'closed' || this.#socket.destroyed) return false;
    const pendingBytes = this.#socket.writableLength + frame.length;
    if (pendingBytes > this.#context.limits.maxPendingWriteBytesPerConnection) {
      this.close(
        'SLOW_CONSUMER',
        `${pendingBytes} bytes unread by the client exceed maxPendingWriteBytesPerConnection (${this.#context.limits.maxPendingWriteBytesPerConnection})`,
      );
      return false;
    }
    this.#socket.write(frame);
    return true;
  }

  /** Connection-level error: ProtocolError with the reason (after the handshake), then close. */
  #fail(violation: string, reason: IpcCloseCode = 'PROTOCOL_ERROR'): void {
    if (this.#state === 'connected') {
      const body = Buffer.from(JSON.stringify({ message: violation }));
      this.write(buildRpcFrame(PROTOCOL_ERROR, 0, body));
    }
    this.close(reason, violation, true);
  }

  failProtocol(violation: string): void {
    this.#fail(violation);
  }

  /**
   * Closes the connection and every stream on it; idempotent. With `flush`, frames already
   * queued (a ProtocolError) may still reach the peer, for at most closeFlushTimeoutMs.
   */
  close(reason: IpcCloseCode, detail: string, flush = false): void {
    if (this.#state === 'closed') return;
    const wasConnected = this.#state === 'connected';
    this.#transition('close');
    clearTimeout(this.#timer);
    clearTimeout(this.#partialFrameTimer);
    this.streams.closeAll();
    if (flush && !this.#socket.destroyed) {
      const socket = this.#socket;
      const timer = setTimeout(() => socket.destroy(), this.#context.limits.closeFlushTimeoutMs).unref();
      socket.once('close', () => clearTimeout(timer));
      socket.end();
    } else {
      this.#socket.destroy();
    }
    this.#context.onClosed(this);
    const level: LogLevel = reason === 'PEER_CLOSED' || reason === 'SERVER_CLOSING' ? 'INFO' : 'WARN';
    this.log(level, 'ipc-client-disconnected', `connection closed (${reason}): ${detail}`, { wasConnected });
  }

  warn(event: string, message: string, error?: unknown): void {
    this.log('WARN', event, message, {}, error);
  }

  log(
    level: LogLevel,
    event: string,
    message: string,
    context: Record<string, string | number | boolean> = {},
    error?: unknown,
  ): void {
    this.#context.logger.log({
      level,
      thread: 'ipc',
      logger: IPC_LOGGER_NAME,
      event,
      message,
      context: { connectionId: this.connectionId, componentName: this.#principal || undefined, ...context },
      error,
    });
  }

  #transition(event: ConnectionEvent): void {
    const next = nextConnectionState(this.#state, event);
    if (next === undefined)
      throw new Error(`connection ${this.connectionId}: ${event} not allowed in ${this.#state}`);
    this.#state = next;
  }
}
