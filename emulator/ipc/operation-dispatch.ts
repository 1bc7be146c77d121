// Runs one operation on a newly opened stream and answers it (docs/ipc-protocol.md#request-and-response-operations,
// docs/ipc-protocol.md#modeled-errors):
//   look up the model ─▶ find the handler ─▶ check the subscription limit ─▶ parse the request
//   ─▶ call the handler ─▶ write the response (TerminateStream unless streaming) ─▶ open events
// Each step can end the stream with the error the nucleus would send. Synchronous handlers are
// answered synchronously; only a handler that returns a promise is awaited.

import { isJsonObject, type JsonObject } from '../util/json.ts';
import type { StreamOwner } from './connection-streams.ts';
import { buildErrorBody, IpcRequestShapeError, IpcServiceError } from './errors.ts';
import {
  buildRpcFrame,
  type FrameBody,
  frameBodyBytes,
  type RpcFrameTemplate,
  rpcFrameBytes,
  rpcFrameTemplate,
} from './frame-codec.ts';
import type { OperationRegistry } from './operation-registry.ts';
import type { EventStream, OperationReply, StreamCleanup } from './operation-types.ts';
import { FLAG_TERMINATE_STREAM } from './rpc-message.ts';
import { errorShapeType, lookupOperation, type OperationModel } from './service-model.ts';

/** The streams of one connection, as the dispatcher uses them (ConnectionStreams). */
export interface OpenStreams {
  /** Open streams of streaming operations on this connection, including the new one. */
  openSubscriptionCount(): number;
  isStreamOpen(streamId: number): boolean;
  /** Writes a frame on an open stream (closing it when `terminates`); false if it is closed. */
  writeOnStream(streamId: number, frame: Buffer, terminates: boolean): boolean;
  /** Registers what to undo when the stream closes; runs it at once if it already has. */
  attachCleanup(streamId: number, cleanup: StreamCleanup): void;
}

/** The one seam between an operation and its connection: who asks, within which limits, on which streams. */
export interface StreamHost {
  readonly owner: StreamOwner;
  readonly streams: OpenStreams;
}

const JSON_CONTENT_TYPE = 'application/json';
const EMPTY_OBJECT_BYTES = Buffer.from('{}');
const utf8Decoder = new TextDecoder();

interface ModelTemplates {
  readonly response: RpcFrameTemplate;
  readonly event: RpcFrameTemplate | undefined;
}
const modelTemplates = new Map<OperationModel, ModelTemplates>();

function templatesOf(model: OperationModel): ModelTemplates {
  let templates = modelTemplates.get(model);
  if (!templates) {
    const streaming = model.kind === 'streaming';
    templates = {
      response: rpcFrameTemplate({
        type: 'ApplicationMessage',
        flags: streaming ? 0 : FLAG_TERMINATE_STREAM,
        contentType: JSON_CONTENT_TYPE,
        modelType: model.responseShape,
      }),
      event: model.eventShape
        ? rpcFrameTemplate({
            type: 'ApplicationMessage',
            flags: 0,
            contentType: JSON_CONTENT_TYPE,
            modelType: model.eventShape,
          })
        : undefined,
    };
    modelTemplates.set(model, templates);
  }
  return templates;
}

export function dispatchOperation(
  host: StreamHost,
  registry: OperationRegistry,
  streamId: number,
  operationName: string,
  body: Uint8Array,
): void {
  const model = lookupOperation(operationName);
  if (!model) {
    sendUnsupportedOperation(host, streamId, operationName);
    return;
  }
  const handler = registry.get(model.name);
  try {
    if (!handler)
      throw new IpcServiceError('ServiceError', `Operation ${model.name} is not supported by Greengrass`);
    if (
      model.kind === 'streaming' &&
      host.streams.openSubscriptionCount() > host.owner.maxSubscriptionsPerConnection
    ) {
      throw new IpcServiceError(
        'ServiceError',
        `Connection already has the maximum of ${host.owner.maxSubscriptionsPerConnection} subscriptions (maxSubscriptionsPerConnection)`,
      );
    }
    let request: JsonObject | undefined;
    const reply = handler({
      principal: host.owner.principal,
      operation: model,
      connectionId: host.owner.connectionId,
      body,
      get request() {
        request ??= parseRequest(body);
        return request;
      },
    });
    if (reply instanceof Promise) {
      reply
        .then((settled) => finishOperation(host, streamId, model, settled))
        .catch((error: unknown) => sendFailure(host, streamId, error));
    } else {
      finishOperation(host, streamId, model, reply);
    }
  } catch (error) {
    sendFailure(host, streamId, error);
  }
}

function parseRequest(body: Uint8Array): JsonObject {
  let request: unknown;
  try {
    request = body.length === 0 ? {} : JSON.parse(utf8Decoder.decode(body));
  } catch (error) {
    throw new IpcRequestShapeError('request payload is not JSON', { cause: error });
  }
  if (!isJsonObject(request)) throw new IpcRequestShapeError('request payload is not a JSON object');
  return request;
}

function finishOperation(
  host: StreamHost,
  streamId: number,
  model: OperationModel,
  reply: OperationReply,
): void {
  const templates = templatesOf(model);
  const body = reply.response ? Buffer.from(JSON.stringify(reply.response)) : EMPTY_OBJECT_BYTES;
  if (rpcFrameBytes(templates.response, body.length) > host.owner.maxFrameBytes) {
    sendFailure(
      host,
      streamId,
      new IpcServiceError(
        'ServiceError',
        `Response of ${body.length} bytes exceeds the frame limit of ${host.owner.maxFrameBytes} bytes`,
      ),
    );
    return;
  }
  const streaming = model.kind === 'streaming';
  const written = host.streams.writeOnStream(
    streamId,
    buildRpcFrame(templates.response, streamId, body),
    !streaming,
  );
  if (written && streaming && reply.onStreamOpen && templates.event) {
    host.streams.attachCleanup(
      streamId,
      reply.onStreamOpen(createEventStream(host, streamId, templates.event)),
    );
  }
}

function createEventStream(host: StreamHost, streamId: number, template: RpcFrameTemplate): EventStream {
  const closeTemplate = rpcFrameTemplate({ type: 'ApplicationMessage', flags: FLAG_TERMINATE_STREAM });
  const sendJsonBytes = (body: FrameBody): boolean => {
    const bodyBytes = frameBodyBytes(body);
    if (rpcFrameBytes(template, bodyBytes) > host.owner.maxFrameBytes) {
      host.owner.warn(
        'ipc-event-too-large',
        `event of ${bodyBytes} bytes on stream ${streamId} exceeds the frame limit; dropped`,
      );
      return false;
    }
    return host.streams.writeOnStream(streamId, buildRpcFrame(template, streamId, body), false);
  };
  return {
    send: (event) => sendJsonBytes(Buffer.from(JSON.stringify(event))),
    sendJsonBytes,
    close: () => {
      host.streams.writeOnStream(streamId, buildRpcFrame(closeTemplate, streamId, EMPTY_BYTES), true);
    },
    get isOpen() {
      return host.streams.isStreamOpen(streamId);
    },
  };
}

const EMPTY_BYTES = new Uint8Array(0);

/** Ends a stream with the answer the nucleus gives for `error` (docs/ipc-protocol.md#modeled-errors, docs/ipc-protocol.md#unmodeled-errors). */
function sendFailure(host: StreamHost, streamId: number, error: unknown): void {
  if (error instanceof IpcServiceError) {
    if (error.code === 'UnauthorizedError') host.owner.warn('ipc-authorization-denied', error.message);
    const template = rpcFrameTemplate({
      type: 'ApplicationError',
      flags: FLAG_TERMINATE_STREAM,
      contentType: JSON_CONTENT_TYPE,
      modelType: errorShapeType(error.code),
    });
    const body = Buffer.from(JSON.stringify(buildErrorBody(error)));
    host.streams.writeOnStream(streamId, buildRpcFrame(template, streamId, body), true);
    return;
  }
  if (error instanceof IpcRequestShapeError) {
    host.owner.warn('ipc-request-invalid', `stream ${streamId}: ${error.message}`, error);
    const template = rpcFrameTemplate({
      type: 'ApplicationError',
      flags: FLAG_TERMINATE_STREAM,
      contentType: 'text/plain',
    });
    host.streams.writeOnStream(
      streamId,
      buildRpcFrame(template, streamId, INTERNAL_SERVER_ERROR_BYTES),
      true,
    );
    return;
  }
  // The nucleus wraps any other handler failure into a ServiceError (ExceptionUtil, docs/ipc-protocol.md#unmodeled-errors).
  host.owner.warn('ipc-operation-failed', `stream ${streamId}: handler failed`, error);
  const message = error instanceof Error ? error.message : String(error);
  sendFailure(host, streamId, new IpcServiceError('ServiceError', message, {}, { cause: error }));
}

const INTERNAL_SERVER_ERROR_BYTES = Buffer.from('InternalServerError');

/** An operation the service model does not know (java-v2 ServiceOperationMappingContinuationHandler). */
function sendUnsupportedOperation(host: StreamHost, streamId: number, operationName: string): void {
  const template = rpcFrameTemplate({
    type: 'ApplicationError',
    flags: FLAG_TERMINATE_STREAM,
    contentType: JSON_CONTENT_TYPE,
  });
  const body = Buffer.from(
    JSON.stringify({
      error: 'Unsupported Operation',
      message: `${operationName} is an unsupported operation.`,
    }),
  );
  host.streams.writeOnStream(streamId, buildRpcFrame(template, streamId, body), true);
}
