// What an authenticated connection does with each message type (protocol 3.2, 3.4, 7).

import type { IpcConnection } from './connection.ts';
import { hasTerminateFlag, type RpcMessage } from './rpc-message.ts';
import { lookupOperation } from './service-model.ts';

const utf8Decoder = new TextDecoder();
/** How much of a client's ProtocolError/InternalError payload goes into the log line. */
const PEER_ERROR_LOG_CHARS = 200;

export function routeConnectedMessage(connection: IpcConnection, message: RpcMessage): void {
  switch (message.type) {
    case 'ApplicationMessage':
    case 'ApplicationError':
      routeStreamMessage(connection, message);
      break;
    case 'Ping':
      connection.answerPing(message);
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

function routeStreamMessage(connection: IpcConnection, message: RpcMessage): void {
  const terminates = hasTerminateFlag(message);
  const route = connection.streams.route(message.streamId, message.operation !== undefined, terminates);
  switch (route.kind) {
    case 'violation':
      connection.failProtocol(route.reason);
      return;
    case 'ignore':
      return;
    case 'open':
      // No operation of ours takes client events after the request; a terminate ends the stream
      // and its subscription, and the server sends nothing back (protocol 5.2).
      if (terminates) connection.closeStream(message.streamId);
      return;
    case 'new': {
      const operation = message.operation ?? '';
      const streaming = lookupOperation(operation)?.kind === 'streaming';
      connection.startOperation(message.streamId, operation, message.body, streaming, terminates);
      return;
    }
  }
}
