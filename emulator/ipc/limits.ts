// Every limit of the IPC server, with its unit in its name, validated once and frozen.

import { IpcServerError } from './errors.ts';

export interface IpcLimits {
  /** Largest frame accepted from a client or sent to one (aws-c-event-stream: 24 MiB, docs/ipc-protocol.md#framing). */
  readonly maxFrameBytes: number;
  /** Authenticated connections at once; a Connect beyond it gets a rejected ConnectAck. */
  readonly maxConnections: number;
  /**
   * Sockets still in the handshake at once. A new socket beyond it takes the place of the oldest
   * one that has sent nothing yet (else the oldest in the handshake), so sockets that connect and
   * stay silent cannot lock authenticated components out.
   */
  readonly maxPendingHandshakes: number;
  /**
   * Largest frame accepted before the Connect is authenticated (a Connect is a few hundred
   * bytes); never more than maxFrameBytes.
   */
  readonly maxConnectFrameBytes: number;
  /** Time a frame may take to arrive once its prelude has; a peer that stalls midway is closed. */
  readonly partialFrameTimeoutMs: number;
  /** Open streaming operations (topic and configuration subscriptions) per connection. */
  readonly maxSubscriptionsPerConnection: number;
  /**
   * Bytes written to a connection that its peer has not read yet (Node's socket buffer). Past it
   * the peer counts as a stuck consumer and its connection is dropped (docs/ipc-protocol.md#our-servers-own-limits).
   */
  readonly maxPendingWriteBytesPerConnection: number;
  /** Time a socket may take to send its Connect message. */
  readonly handshakeTimeoutMs: number;
  /**
   * Delay between a rejected ConnectAck and closing the socket, so the SDK reports a
   * HandshakeError rather than racing into a NetworkError (docs/ipc-protocol.md#handshake).
   */
  readonly connectAckRejectCloseDelayMs: number;
  /** How long a closing connection may take to flush its last frame (a ProtocolError). */
  readonly closeFlushTimeoutMs: number;
}

/** The largest frame aws-c-event-stream accepts since 2025 (docs/ipc-protocol.md#framing): 24 MiB. */
export const EVENT_STREAM_MAX_FRAME_BYTES = 24 * 1024 * 1024;
/** Smallest legal frame: prelude (12) + message CRC (4), no headers, no payload (docs/ipc-protocol.md#framing). */
export const EVENT_STREAM_MIN_FRAME_BYTES = 16;

export const DEFAULT_IPC_LIMITS: IpcLimits = Object.freeze({
  maxFrameBytes: EVENT_STREAM_MAX_FRAME_BYTES,
  maxConnections: 256,
  maxPendingHandshakes: 64,
  maxConnectFrameBytes: 16 * 1024,
  partialFrameTimeoutMs: 30_000,
  maxSubscriptionsPerConnection: 1024,
  // Room for two maximum-size deliveries in flight before a reader counts as stuck.
  maxPendingWriteBytesPerConnection: 64 * 1024 * 1024,
  handshakeTimeoutMs: 10_000,
  connectAckRejectCloseDelayMs: 500,
  closeFlushTimeoutMs: 1000,
});

/** Merges overrides onto the defaults; every violation is named in one coded error. */
export function resolveIpcLimits(overrides: Partial<IpcLimits> = {}): IpcLimits {
  const limits: IpcLimits = { ...DEFAULT_IPC_LIMITS, ...overrides };
  const problems: string[] = [];
  for (const [name, value] of Object.entries(limits)) {
    const minimum = name.endsWith('Ms') ? 0 : 1;
    if (!Number.isSafeInteger(value) || value < minimum) {
      problems.push(`${name} must be an integer >= ${minimum}, got ${String(value)}`);
    }
  }
  if (
    limits.maxFrameBytes < EVENT_STREAM_MIN_FRAME_BYTES ||
    limits.maxFrameBytes > EVENT_STREAM_MAX_FRAME_BYTES
  ) {
    problems.push(
      `maxFrameBytes must be between ${EVENT_STREAM_MIN_FRAME_BYTES} and ${EVENT_STREAM_MAX_FRAME_BYTES} (the SDK client drops larger frames), got ${limits.maxFrameBytes}`,
    );
  }
  if (limits.maxPendingWriteBytesPerConnection < limits.maxFrameBytes) {
    problems.push(
      `maxPendingWriteBytesPerConnection (${limits.maxPendingWriteBytesPerConnection}) must be at least maxFrameBytes (${limits.maxFrameBytes}), or no large delivery could be queued`,
    );
  }
  if (problems.length > 0) {
    throw new IpcServerError('IPC_INVALID_LIMITS', `Invalid IPC limits: ${problems.join('; ')}`);
  }
  return Object.freeze(limits);
}
