// What an authenticated connection does with each message type (docs/ipc-protocol.md#message-types, docs/ipc-protocol.md#ping).

import type { IpcConnection } from './connection.ts';
import { eventStreamCodec } from './frame-codec.ts';
import {
  HEADER_MESSAGE_FLAGS,
  HEADER_MESSAGE_TYPE,
  HEADER_STREAM_ID,
  MESSAGE_TYPE_CODES,
  type RpcMessage,
} from './rpc-message.ts';

const utf8Decoder = new TextDecoder();
/** How much of a client's ProtocolError/InternalError payload goes into the log line. */
const PEER_ERROR_LOG_CHARS = 200;

export function routeConnectedMessage(connection: IpcConnection, message: RpcMessage): void {
  switch (message.type) {
    case 'ApplicationMessage':
    case 'ApplicationError':
      connection.streams.onStreamMessage(message);
      break;
    case 'Ping':
      connection.write(buildPingResponse(message));
      break;
    case 'PingResponse':
      break;
    case 'Connect':
      connection.failProtocol('second Connect on an established connection');
      break;
    case 'ConnectAck':
      connection.failProtocol('ConnectAck sent by a client');
      break;
    case 'ProtocolError':
    case 'InternalError': {
      const text = utf8Decoder.decode(message.body.subarray(0, PEER_ERROR_LOG_CHARS));
      connection.close('PEER_ERROR', `client sent ${message.type}: ${text}`);
      break;
    }
  }
}

/** Repeats the Ping's headers not starting with `:`, and its payload (docs/ipc-protocol.md#ping). */
function buildPingResponse(ping: RpcMessage): Uint8Array {
  const headers = { ...ping.headers };
  for (const name of Object.keys(headers)) if (name.startsWith(':')) delete headers[name];
  headers[HEADER_MESSAGE_TYPE] = { type: 'integer', value: MESSAGE_TYPE_CODES.PingResponse };
  headers[HEADER_MESSAGE_FLAGS] = { type: 'integer', value: 0 };
  headers[HEADER_STREAM_ID] = { type: 'integer', value: 0 };
  return eventStreamCodec.encode({ headers, body: ping.body });
}
