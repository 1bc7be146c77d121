// PublishToTopic request in, SubscriptionResponseMessage body out (docs/ipc-protocol.md#publishtotopic, docs/ipc-protocol.md#subscribetotopic), for any
// request layout; sdk-publish-layout.ts is the fast path for the SDK's own. The event body is
// encoded once per publish and shared by every subscriber. A binary payload is never decoded:
// its base64 text is checked and copied into the event as is, so the bytes arrive identical. A
// JSON payload is serialised again here, after the check the nucleus makes (a JSON object,
// docs/ipc-protocol.md#local-publishsubscribe).

import { IpcRequestShapeError } from '../ipc/errors.ts';
import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';

export type PublishPayload =
  | { readonly kind: 'json'; readonly message: JsonObject | undefined }
  | { readonly kind: 'binary'; readonly base64: string | undefined };

export interface PublishRequest {
  readonly topic: string;
  readonly payload: PublishPayload;
}

/** Standard base64 with padding, as the SDK writes blobs (docs/ipc-protocol.md#json-encoding). */
const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;

export function parsePublishRequest(request: JsonObject): PublishRequest {
  const { topic, publishMessage } = request;
  if (typeof topic !== 'string') throw new IpcRequestShapeError('PublishToTopic: topic must be a string');
  if (!isJsonObject(publishMessage)) {
    throw new IpcRequestShapeError('PublishToTopic: publishMessage must be an object');
  }
  const { jsonMessage, binaryMessage } = publishMessage;
  if ((jsonMessage === undefined) === (binaryMessage === undefined)) {
    throw new IpcRequestShapeError(
      'PublishToTopic: publishMessage must hold exactly one of jsonMessage, binaryMessage',
    );
  }
  if (jsonMessage !== undefined)
    return { topic, payload: { kind: 'json', message: readJsonMessage(jsonMessage) } };
  return { topic, payload: { kind: 'binary', base64: readBinaryMessage(binaryMessage) } };
}

function readJsonMessage(jsonMessage: JsonValue): JsonObject | undefined {
  if (!isJsonObject(jsonMessage))
    throw new IpcRequestShapeError('PublishToTopic: jsonMessage must be an object');
  const { message } = jsonMessage;
  if (message === undefined) return undefined;
  // The nucleus models the message as Map<String, Object>: arrays and scalars fail (docs/ipc-protocol.md#local-publishsubscribe).
  if (!isJsonObject(message))
    throw new IpcRequestShapeError('PublishToTopic: jsonMessage.message must be a JSON object');
  return message;
}

function readBinaryMessage(binaryMessage: JsonValue | undefined): string | undefined {
  if (!isJsonObject(binaryMessage)) {
    throw new IpcRequestShapeError('PublishToTopic: binaryMessage must be an object');
  }
  const { message } = binaryMessage;
  if (message === undefined) return undefined;
  if (typeof message !== 'string' || message.length % 4 !== 0 || !BASE64_PATTERN.test(message)) {
    throw new IpcRequestShapeError('PublishToTopic: binaryMessage.message must be standard padded base64');
  }
  return message;
}

/** The message bytes a payload carries in an event: JSON text, or base64 text. */
export function payloadMessageBytes(payload: PublishPayload): Uint8Array | undefined {
  if (payload.kind === 'json') return payload.message && Buffer.from(JSON.stringify(payload.message));
  // base64 is ASCII, so latin1 encodes it byte for byte and much faster than UTF-8.
  return payload.base64 === undefined ? undefined : Buffer.from(payload.base64, 'latin1');
}

const EMPTY = new Uint8Array(0);

/**
 * The SubscriptionResponseMessage body every subscriber receives, with `context.topic` set, as
 * pieces around the unchanged message bytes (base64 needs no JSON escaping): each subscriber's
 * frame copies them in once, with no joined copy in between.
 */
export function buildSubscriptionEventBody(
  kind: PublishPayload['kind'],
  message: Uint8Array | undefined,
  topic: string,
): readonly Uint8Array[] {
  const quote = kind === 'binary' ? '"' : '';
  const head = `{"${kind === 'json' ? 'jsonMessage' : 'binaryMessage'}":{${message ? `"message":${quote}` : ''}`;
  const tail = `${message ? `${quote},` : ''}"context":{"topic":${JSON.stringify(topic)}}}}`;
  return [Buffer.from(head), message ?? EMPTY, Buffer.from(tail)];
}
