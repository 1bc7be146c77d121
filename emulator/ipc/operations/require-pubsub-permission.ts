// The authorization step of PublishToTopic and SubscribeToTopic, run first (docs/ipc-protocol.md#pubsub-authorization).

import type { Authorizer } from '../../auth/authorizer.ts';
import { PUBSUB_SERVICE_ID } from '../../auth/policy.ts';
import { IpcServiceError } from '../errors.ts';
import type { OperationName } from '../service-model.ts';

export function requirePubSubPermission(
  authorizer: Authorizer,
  principal: string,
  operation: OperationName,
  resource: string,
): void {
  if (authorizer.isAllowed(principal, PUBSUB_SERVICE_ID, operation, resource)) return;
  throw new IpcServiceError(
    'UnauthorizedError',
    `Principal ${principal} is not authorized to perform ${PUBSUB_SERVICE_ID}:${operation} on resource ${resource}`,
  );
}
