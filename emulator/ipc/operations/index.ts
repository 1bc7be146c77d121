// The built-in operations: the table the server registers at start.

import type { OperationHandler } from '../operation-types.ts';
import type { OperationName } from '../service-model.ts';
import { createGetConfigurationHandler } from './get-configuration.ts';
import { createPublishToIoTCoreHandler } from './publish-to-iot-core.ts';
import { createPublishToTopicHandler } from './publish-to-topic.ts';
import type { IpcServices } from './services.ts';
import { createSubscribeToConfigurationUpdateHandler } from './subscribe-to-configuration-update.ts';
import { createSubscribeToIoTCoreHandler } from './subscribe-to-iot-core.ts';
import { createSubscribeToTopicHandler } from './subscribe-to-topic.ts';
import { createUpdateConfigurationHandler } from './update-configuration.ts';
import { createUpdateStateHandler } from './update-state.ts';
import { createValidateAuthorizationTokenHandler } from './validate-authorization-token.ts';

const BUILTIN_OPERATIONS: ReadonlyArray<
  readonly [OperationName, (services: IpcServices) => OperationHandler]
> = [
  ['aws.greengrass#PublishToTopic', createPublishToTopicHandler],
  ['aws.greengrass#SubscribeToTopic', createSubscribeToTopicHandler],
  ['aws.greengrass#PublishToIoTCore', createPublishToIoTCoreHandler],
  ['aws.greengrass#SubscribeToIoTCore', createSubscribeToIoTCoreHandler],
  ['aws.greengrass#UpdateState', createUpdateStateHandler],
  ['aws.greengrass#GetConfiguration', createGetConfigurationHandler],
  ['aws.greengrass#UpdateConfiguration', createUpdateConfigurationHandler],
  ['aws.greengrass#SubscribeToConfigurationUpdate', createSubscribeToConfigurationUpdateHandler],
  ['aws.greengrass#ValidateAuthorizationToken', createValidateAuthorizationTokenHandler],
];

export function createBuiltinHandlers(
  services: IpcServices,
): Array<readonly [OperationName, OperationHandler]> {
  return BUILTIN_OPERATIONS.map(([name, create]) => [name, create(services)] as const);
}
