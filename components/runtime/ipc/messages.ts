// Conversions between the SDK's pub/sub shapes and the runtime's typed messages (pure).
import type { greengrasscoreipc } from 'aws-iot-device-sdk-v2';

type SubscriptionResponseMessage = greengrasscoreipc.model.SubscriptionResponseMessage;
type PublishToTopicRequest = greengrasscoreipc.model.PublishToTopicRequest;

/** A message received on a subscription: JSON (already parsed by the SDK) or raw bytes. */
export type IncomingMessage =
  | { readonly kind: 'json'; readonly topic: string; readonly value: unknown }
  | { readonly kind: 'binary'; readonly topic: string; readonly bytes: Buffer };

/** What a component publishes: a JSON value (sent as a jsonMessage) or bytes (a binaryMessage). */
export type OutgoingMessage =
  | { readonly kind: 'json'; readonly value: unknown }
  | { readonly kind: 'binary'; readonly bytes: Uint8Array };

export function parseSubscriptionMessage(
  event: SubscriptionResponseMessage,
  subscribedTopic: string,
): IncomingMessage | undefined {
  if (event.jsonMessage) {
    return {
      kind: 'json',
      topic: event.jsonMessage.context?.topic ?? subscribedTopic,
      value: event.jsonMessage.message,
    };
  }
  if (event.binaryMessage) {
    const payload = event.binaryMessage.message;
    return {
      kind: 'binary',
      topic: event.binaryMessage.context?.topic ?? subscribedTopic,
      bytes: toBuffer(payload),
    };
  }
  return undefined;
}

export function buildPublishRequest(topic: string, message: OutgoingMessage): PublishToTopicRequest {
  return message.kind === 'json'
    ? { topic, publishMessage: { jsonMessage: { message: message.value } } }
    : { topic, publishMessage: { binaryMessage: { message: message.bytes } } };
}

/** The SDK decodes binary payloads to a Buffer, but its type says Payload (string | ArrayBuffer | view). */
function toBuffer(payload: unknown): Buffer {
  if (payload === undefined || payload === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(payload)) return payload;
  if (typeof payload === 'string') return Buffer.from(payload, 'utf8');
  if (payload instanceof ArrayBuffer) return Buffer.from(payload);
  if (ArrayBuffer.isView(payload)) return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
  return Buffer.alloc(0);
}
