// The authorization step of PublishToIoTCore and SubscribeToIoTCore, run first, with the topic or
// filter as the resource (auth/mqtt-resource.ts says how policies match it).
import type { Authorizer } from '../../auth/authorizer.ts';
import { MQTT_PROXY_SERVICE_ID } from '../../auth/policy.ts';
import { IpcServiceError } from '../errors.ts';
import type { OperationName } from '../service-model.ts';

export function requireMqttPermission(
  authorizer: Authorizer,
  principal: string,
  operation: OperationName,
  topic: string,
): void {
  if (authorizer.isAllowed(principal, MQTT_PROXY_SERVICE_ID, operation, topic)) return;
  throw new IpcServiceError(
    'UnauthorizedError',
    `Principal ${principal} is not authorized to perform ${MQTT_PROXY_SERVICE_ID}:${operation} on resource ${topic}`,
  );
}
