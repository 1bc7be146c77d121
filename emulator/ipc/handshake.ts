// Checks of the Connect message, in the nucleus's order (docs/ipc-protocol.md#handshake): `:version` is
// the string 0.1.0, the payload is JSON with a non-empty string `authToken` (other fields are
// ignored). Whether the token is known is the caller's question.

import type { IpcConnectRefusal } from './connection-codes.ts';
import type { RpcMessage } from './rpc-message.ts';

/** The only event-stream RPC version the SDK and the nucleus speak (java-v2 `Version.java`). */
export const RPC_VERSION = '0.1.0';

/** The refusals the Connect message itself earns (the token's and the limit's come later). */
export type ConnectRejection = Exclude<IpcConnectRefusal, 'AUTH_TOKEN_UNKNOWN' | 'CONNECTION_LIMIT'>;

export type ConnectParseResult =
  | { readonly ok: true; readonly authToken: string }
  | { readonly ok: false; readonly reason: ConnectRejection; readonly detail: string };

const utf8Decoder = new TextDecoder();

export function parseConnectRequest(message: RpcMessage): ConnectParseResult {
  if (message.version !== RPC_VERSION) {
    return {
      ok: false,
      reason: 'VERSION_MISMATCH',
      detail: `:version is ${JSON.stringify(message.version ?? null)}, expected "${RPC_VERSION}"`,
    };
  }
  let payload: unknown;
  try {
    payload = JSON.parse(utf8Decoder.decode(message.body));
  } catch {
    return {
      ok: false,
      reason: 'PAYLOAD_NOT_JSON',
      detail: `Connect payload of ${message.body.length} bytes is not JSON`,
    };
  }
  const authToken =
    typeof payload === 'object' && payload !== null
      ? (payload as { authToken?: unknown }).authToken
      : undefined;
  if (typeof authToken !== 'string' || authToken === '') {
    return {
      ok: false,
      reason: 'AUTH_TOKEN_MISSING',
      detail: 'Connect payload has no non-empty string authToken',
    };
  }
  return { ok: true, authToken };
}
