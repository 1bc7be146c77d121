// aws.greengrass#PublishToTopic (docs/ipc-protocol.md#publishtotopic, docs/ipc-protocol.md#local-publishsubscribe): read the request (the SDK's own layout
// without parsing it, any other through JSON), authorize, validate the topic, encode the event
// once, check it fits in a frame, fan out synchronously, answer `{}`.

import { PUBSUB_SERVICE_ID } from '../../auth/policy.ts';
import { liteJsonDelivery } from '../../pubsub/lite-json-delivery.ts';
import {
  buildSubscriptionEventBody,
  parsePublishRequest,
  payloadMessageBytes,
} from '../../pubsub/publish-message.ts';
import { matchSdkPublishLayout, type SdkPublish } from '../../pubsub/sdk-publish-layout.ts';
import { publishTopicHasWildcard } from '../../pubsub/topic-filter.ts';
import type { JsonObject } from '../../util/json.ts';
import { IpcServiceError } from '../errors.ts';
import { frameBodyBytes, rpcFrameBytes, rpcFrameTemplate } from '../frame-codec.ts';
import type { OperationHandler, OperationReply } from '../operation-types.ts';
import { lookupOperation } from '../service-model.ts';
import { requirePermission } from './require-permission.ts';
import type { IpcServices } from './services.ts';

const EMPTY_REPLY: OperationReply = {};
const EVENT_TEMPLATE = rpcFrameTemplate({
  type: 'ApplicationMessage',
  flags: 0,
  contentType: 'application/json',
  modelType: lookupOperation('aws.greengrass#SubscribeToTopic')?.eventShape ?? '',
});

export function createPublishToTopicHandler(services: IpcServices): OperationHandler {
  return (call) => {
    const { topic, kind, message: sent } = matchSdkPublishLayout(call.body) ?? readAnyLayout(call.request);
    requirePermission(
      services.authorizer,
      PUBSUB_SERVICE_ID,
      call.principal,
      'aws.greengrass#PublishToTopic',
      topic,
    );
    if (publishTopicHasWildcard(topic)) {
      // Not declared for PublishToTopic: the JS client reports an InternalError (docs/ipc-protocol.md#modeled-errors).
      throw new IpcServiceError('InvalidArgumentsError', 'Publish topic must not contain a wildcard.');
    }
    let message = sent;
    const { nucleus } = services;
    if (kind === 'json' && message !== undefined && nucleus.maxDeliveredJsonValues !== undefined) {
      const lite = liteJsonDelivery(message, nucleus.maxDeliveredJsonValues);
      if (!lite.deliver) return EMPTY_REPLY; // lite: publish succeeds, nobody receives it
      message = lite.message;
    }
    const eventBody = buildSubscriptionEventBody(kind, message, topic);
    const frameBytes = rpcFrameBytes(EVENT_TEMPLATE, frameBodyBytes(eventBody));
    if (frameBytes > services.maxFrameBytes) {
      // Lite answers success and skips every subscriber ("Failed to send subscription response").
      if (nucleus.oversizeDelivery === 'drop-silently') return EMPTY_REPLY;
      // Refuse the publisher rather than break every subscriber's connection (docs/ipc-protocol.md#our-servers-own-limits).
      throw new IpcServiceError(
        'ServiceError',
        `Message too large: its delivery frame would be ${frameBytes} bytes, over the limit of ${services.maxFrameBytes} bytes`,
      );
    }
    services.broker.publish(call.principal, topic, eventBody);
    return EMPTY_REPLY;
  };
}

function readAnyLayout(
  request: JsonObject,
): Omit<SdkPublish, 'message'> & { message: Uint8Array | undefined } {
  const { topic, payload } = parsePublishRequest(request);
  return { topic, kind: payload.kind, message: payloadMessageBytes(payload) };
}
