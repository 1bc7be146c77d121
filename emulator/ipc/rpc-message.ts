// The RPC layer on top of a decoded frame (docs/ipc-protocol.md#rpc-headers): message types, flags, and the
// three headers every message must carry.

import type { MessageHeaders } from '@smithy/core/event-streams';

/** Message types by wire value (docs/ipc-protocol.md#message-types). */
export const MESSAGE_TYPE_CODES = {
  ApplicationMessage: 0,
  ApplicationError: 1,
  Ping: 2,
  PingResponse: 3,
  Connect: 4,
  ConnectAck: 5,
  ProtocolError: 6,
  InternalError: 7,
} as const;
export type MessageType = keyof typeof MESSAGE_TYPE_CODES;
const MESSAGE_TYPES_BY_CODE = Object.keys(MESSAGE_TYPE_CODES) as MessageType[];

/** Flags (docs/ipc-protocol.md#flags). */
export const FLAG_CONNECTION_ACCEPTED = 0x1;
export const FLAG_TERMINATE_STREAM = 0x2;

export const HEADER_MESSAGE_TYPE = ':message-type';
export const HEADER_MESSAGE_FLAGS = ':message-flags';
export const HEADER_STREAM_ID = ':stream-id';
export const HEADER_OPERATION = 'operation';
export const HEADER_VERSION = ':version';
export const HEADER_CONTENT_TYPE = ':content-type';
export const HEADER_SERVICE_MODEL_TYPE = 'service-model-type';

export interface RpcMessage {
  readonly type: MessageType;
  readonly flags: number;
  readonly streamId: number;
  /** `operation` header: present on the first message of a stream. */
  readonly operation: string | undefined;
  /** `:version` header: present on Connect. */
  readonly version: string | undefined;
  readonly headers: MessageHeaders;
  readonly body: Uint8Array;
}

/** Which RPC rule a message broke (docs/ipc-protocol.md#rpc-headers, #message-types). */
export type RpcViolation =
  | 'HEADER_MISSING'
  | 'HEADER_NOT_INT32'
  | 'UNKNOWN_MESSAGE_TYPE'
  | 'STREAM_ID_NOT_POSITIVE'
  | 'STREAM_ID_NOT_ZERO';

export type RpcParseResult =
  | { readonly ok: true; readonly message: RpcMessage }
  | { readonly ok: false; readonly rule: RpcViolation; readonly violation: string };

/**
 * Reads the RPC headers. The three `:` headers are required as int32 (aws-c-event-stream
 * `aws_event_stream_rpc_extract_message_metadata`); names compare case-insensitively like the C
 * code; types 0/1 need a stream id > 0 and types 2-7 stream 0 (docs/ipc-protocol.md#message-types).
 */
export function parseRpcMessage(headers: MessageHeaders, body: Uint8Array): RpcParseResult {
  let typeCode: number | undefined;
  let flags: number | undefined;
  let streamId: number | undefined;
  let operation: string | undefined;
  let version: string | undefined;
  for (const name in headers) {
    const header = headers[name];
    if (!header) continue;
    const integer = header.type === 'integer' ? header.value : undefined;
    const text = header.type === 'string' ? header.value : undefined;
    switch (name.toLowerCase()) {
      case HEADER_MESSAGE_TYPE:
        typeCode = integer ?? Number.NaN;
        break;
      case HEADER_MESSAGE_FLAGS:
        flags = integer ?? Number.NaN;
        break;
      case HEADER_STREAM_ID:
        streamId = integer ?? Number.NaN;
        break;
      case HEADER_OPERATION:
        operation = text;
        break;
      case HEADER_VERSION:
        version = text;
        break;
    }
  }
  for (const [name, value] of [
    [HEADER_MESSAGE_TYPE, typeCode],
    [HEADER_MESSAGE_FLAGS, flags],
    [HEADER_STREAM_ID, streamId],
  ] as const) {
    if (value === undefined)
      return { ok: false, rule: 'HEADER_MISSING', violation: `missing required header ${name}` };
    if (Number.isNaN(value))
      return { ok: false, rule: 'HEADER_NOT_INT32', violation: `header ${name} must be an int32` };
  }
  const type = typeCode === undefined ? undefined : MESSAGE_TYPES_BY_CODE[typeCode];
  if (type === undefined)
    return { ok: false, rule: 'UNKNOWN_MESSAGE_TYPE', violation: `unknown message type ${typeCode}` };
  const id = streamId ?? 0;
  const onStream = type === 'ApplicationMessage' || type === 'ApplicationError';
  if (onStream && id <= 0)
    return {
      ok: false,
      rule: 'STREAM_ID_NOT_POSITIVE',
      violation: `${type} requires a stream id > 0, got ${id}`,
    };
  if (!onStream && id !== 0)
    return { ok: false, rule: 'STREAM_ID_NOT_ZERO', violation: `${type} requires stream id 0, got ${id}` };
  return { ok: true, message: { type, flags: flags ?? 0, streamId: id, operation, version, headers, body } };
}

export function hasTerminateFlag(message: RpcMessage): boolean {
  return (message.flags & FLAG_TERMINATE_STREAM) !== 0;
}
