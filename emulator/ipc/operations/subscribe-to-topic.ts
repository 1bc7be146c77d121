// aws.greengrass#SubscribeToTopic (docs/ipc-protocol.md#subscribetotopic, docs/ipc-protocol.md#local-publishsubscribe): authorize with the filter text as the
// resource, reject an empty topic, then register with the broker once the response is out; the
// stream's close (client terminate or connection end) removes the subscription.

import { PUBSUB_SERVICE_ID } from '../../auth/policy.ts';
import { defaultReceiveMode, parseTopicFilter, type ReceiveMode } from '../../pubsub/topic-filter.ts';
import { IpcRequestShapeError, IpcServiceError } from '../errors.ts';
import type { OperationHandler } from '../operation-types.ts';
import { optionalString, requiredString } from './request-fields.ts';
import { requirePermission } from './require-permission.ts';
import type { IpcServices } from './services.ts';

const OPERATION = 'SubscribeToTopic';
const RECEIVE_MODES: ReadonlySet<string> = new Set<ReceiveMode>([
  'RECEIVE_ALL_MESSAGES',
  'RECEIVE_MESSAGES_FROM_OTHERS',
]);

export function createSubscribeToTopicHandler(services: IpcServices): OperationHandler {
  return (call) => {
    const topic = requiredString(call.request, 'topic', OPERATION);
    const requestedMode = optionalString(call.request, 'receiveMode', OPERATION);
    if (requestedMode !== undefined && !RECEIVE_MODES.has(requestedMode)) {
      throw new IpcRequestShapeError(
        `${OPERATION}: receiveMode ${JSON.stringify(requestedMode)} is not a ReceiveMode`,
      );
    }
    requirePermission(
      services.authorizer,
      PUBSUB_SERVICE_ID,
      call.principal,
      'aws.greengrass#SubscribeToTopic',
      topic,
    );
    if (topic === '')
      throw new IpcServiceError('InvalidArgumentsError', 'Subscribe topic must not be empty.');
    const filter = parseTopicFilter(topic);
    // Lite reads only `topic`: a subscriber always gets its own messages too.
    const receiveMode: ReceiveMode = services.nucleus.honoursReceiveMode
      ? ((requestedMode as ReceiveMode | undefined) ?? defaultReceiveMode(filter))
      : 'RECEIVE_ALL_MESSAGES';
    return {
      onStreamOpen: (events) =>
        services.broker.subscribe({
          principal: call.principal,
          filter,
          receiveMode,
          deliver: events.sendJsonBytes,
        }),
    };
  };
}
