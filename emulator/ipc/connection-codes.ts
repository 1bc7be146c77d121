// Why the local core closed or refused an IPC connection: the `reason` of its ipc-connection-closed
// and ipc-connect-rejected log lines, and the checks of the frame decoder.
import type { ErrorCatalogue } from '../../common/coded-error.ts';

export const IPC_CLOSE_CODES = {
  PEER_CLOSED: 'the client closed the socket',
  SOCKET_ERROR: 'the socket failed (the message has the system error)',
  PEER_ERROR: 'the client sent a ProtocolError or InternalError',
  FRAME_ERROR: 'a frame failed a framing check (one of the frame codes below)',
  PROTOCOL_ERROR: 'the client broke an RPC rule (stream ids, headers, message types)',
  HANDSHAKE_TIMEOUT: 'no Connect arrived within handshakeTimeoutMs',
  HANDSHAKE_EVICTED: 'too many sockets were in the handshake; the oldest silent one gave way',
  PARTIAL_FRAME_TIMEOUT: 'a frame was started but not completed within partialFrameTimeoutMs',
  SLOW_CONSUMER: 'the client left more than maxPendingWriteBytesPerConnection unread',
  TOKEN_REVOKED: "the component's token was revoked (it stopped or was redeployed)",
  DROPPED: 'dropAllConnections was called (tests of reconnection)',
  SERVER_CLOSING: 'the IPC server is shutting down',
  SERVER_RESTARTING: 'the IPC server restarts (restartIpcServer)',
  INTERNAL_ERROR: 'a failure inside the IPC server while handling the connection',
} as const satisfies ErrorCatalogue<string>;

export type IpcCloseCode = keyof typeof IPC_CLOSE_CODES | IpcConnectRefusal;

export const IPC_CONNECT_REFUSALS = {
  VERSION_MISMATCH: 'the Connect message did not carry `:version` 0.1.0',
  PAYLOAD_NOT_JSON: 'the Connect payload is not a JSON object',
  AUTH_TOKEN_MISSING: 'the Connect payload has no authToken',
  AUTH_TOKEN_UNKNOWN: 'the token belongs to no running component',
  CONNECTION_LIMIT: 'maxConnections authenticated connections are already open',
} as const satisfies ErrorCatalogue<string>;

export type IpcConnectRefusal = keyof typeof IPC_CONNECT_REFUSALS;

export const FRAME_ERROR_CODES = {
  PRELUDE_CRC_MISMATCH: 'the prelude CRC does not match its 8 bytes',
  FRAME_TOO_SHORT: 'the total length is under the 16-byte minimum',
  FRAME_TOO_LARGE: 'the total length is over maxFrameBytes (maxConnectFrameBytes before the handshake)',
  HEADER_LENGTH_INVALID: 'the header block length does not fit in the frame',
  MESSAGE_CRC_MISMATCH: 'the message CRC does not match the frame',
  HEADER_BLOCK_INVALID: 'the header block cannot be parsed (bad type, length or name)',
} as const satisfies ErrorCatalogue<string>;

export type FrameErrorCode = keyof typeof FRAME_ERROR_CODES;
