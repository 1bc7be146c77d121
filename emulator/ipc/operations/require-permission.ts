// The authorization step of the operations guarded by accessControl, run first: local pub/sub
// (docs/ipc-protocol.md#pubsub-authorization) and AWS IoT Core (`aws.greengrass.ipc.mqttproxy`,
// auth/mqtt-resource.ts), with the topic or filter as the resource.

import type { Authorizer } from '../../auth/authorizer.ts';
import { IpcServiceError } from '../errors.ts';
import type { OperationName } from '../service-model.ts';

export function requirePermission(
  authorizer: Authorizer,
  serviceId: string,
  principal: string,
  operation: OperationName,
  resource: string,
): void {
  if (authorizer.isAllowed(principal, serviceId, operation, resource)) return;
  throw new IpcServiceError(
    'UnauthorizedError',
    `Principal ${principal} is not authorized to perform ${serviceId}:${operation} on resource ${resource}`,
  );
}
