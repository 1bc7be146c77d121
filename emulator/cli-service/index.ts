// The Greengrass CLI service: the IPC operations greengrass-cli calls, registered on the core's
// IPC server (one module per concern, this table ties them together).

import type { OperationHandler } from '../ipc/operation-types.ts';
import type { IpcServer } from '../ipc/server.ts';
import type { OperationName } from '../ipc/service-model.ts';
import type { CliServiceHost } from './cli-service-host.ts';
import {
  createGetComponentDetailsHandler,
  createListComponentsHandler,
  createRestartComponentHandler,
  createStopComponentHandler,
} from './component-operations.ts';
import {
  createCreateLocalDeploymentHandler,
  createGetLocalDeploymentStatusHandler,
  createListLocalDeploymentsHandler,
} from './deployment-operations.ts';

export type { CliServiceHost } from './cli-service-host.ts';

const CLI_OPERATIONS: ReadonlyArray<readonly [OperationName, (host: CliServiceHost) => OperationHandler]> = [
  ['aws.greengrass#CreateLocalDeployment', createCreateLocalDeploymentHandler],
  ['aws.greengrass#GetLocalDeploymentStatus', createGetLocalDeploymentStatusHandler],
  ['aws.greengrass#ListLocalDeployments', createListLocalDeploymentsHandler],
  ['aws.greengrass#ListComponents', createListComponentsHandler],
  ['aws.greengrass#GetComponentDetails', createGetComponentDetailsHandler],
  ['aws.greengrass#RestartComponent', createRestartComponentHandler],
  ['aws.greengrass#StopComponent', createStopComponentHandler],
];

export function registerCliOperations(ipc: Pick<IpcServer, 'registerOperation'>, host: CliServiceHost): void {
  for (const [name, create] of CLI_OPERATIONS) ipc.registerOperation(name, create(host));
}
