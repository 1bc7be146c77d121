// aws.greengrass#ListComponents, #GetComponentDetails, #RestartComponent and #StopComponent, as
// the Greengrass CLI service answers them (CLIEventStreamAgent). Restart and stop are requests:
// they answer at once and the lifecycle carries them out (a stop ends with SIGTERM, then SIGKILL
// after the grace period). For an unknown component restart and stop answer ComponentNotFoundError,
// the shape the IPC model declares for them (the nucleus throws an undeclared ResourceNotFoundError).

import { IpcServiceError } from '../ipc/errors.ts';
import type { OperationCall, OperationHandler } from '../ipc/operation-types.ts';
import { requiredString } from '../ipc/operations/request-fields.ts';
import type { ComponentStatus } from '../lifecycle/service-manager.ts';
import type { JsonObject } from '../util/json.ts';
import { requireCliPrincipal } from './authorize.ts';
import { CLI_SERVICE_LOGGER, type CliServiceHost } from './cli-service-host.ts';

export function createListComponentsHandler(host: CliServiceHost): OperationHandler {
  return (call) => {
    requireCliPrincipal(call);
    return { response: { components: host.components.list().map((c) => buildComponentDetails(host, c)) } };
  };
}

export function createGetComponentDetailsHandler(host: CliServiceHost): OperationHandler {
  return (call) => {
    requireCliPrincipal(call);
    const name = componentName(call, 'GetComponentDetails');
    const status = host.components.status(name);
    if (status === undefined) {
      throw new IpcServiceError(
        'ResourceNotFoundError',
        `Component with name ${name} not found in Greengrass`,
        {
          resourceType: 'Component',
          resourceName: name,
        },
      );
    }
    return { response: { componentDetails: buildComponentDetails(host, status) } };
  };
}

export function createRestartComponentHandler(host: CliServiceHost): OperationHandler {
  return (call) => {
    requireCliPrincipal(call);
    const name = knownComponent(host, componentName(call, 'RestartComponent'));
    if (host.components.isBuiltin(name)) {
      return failed('restartStatus', `${name} is built into the local core and cannot be restarted`);
    }
    if (!host.components.restart(name)) {
      return failed('restartStatus', `${name} is BROKEN: a restart does not leave BROKEN, deploy it again`);
    }
    return { response: { restartStatus: 'SUCCEEDED' } };
  };
}

export function createStopComponentHandler(host: CliServiceHost): OperationHandler {
  return (call) => {
    requireCliPrincipal(call);
    const name = knownComponent(host, componentName(call, 'StopComponent'));
    if (host.components.isBuiltin(name)) {
      return failed('stopStatus', `${name} is built into the local core and cannot be stopped`);
    }
    host.components.stop(name).catch((error: unknown) =>
      host.logger.log({
        level: 'ERROR',
        thread: 'ipc',
        logger: CLI_SERVICE_LOGGER,
        event: 'component-stop-failed',
        message: `Stopping ${name} failed`,
        error,
      }),
    );
    return { response: { stopStatus: 'SUCCEEDED' } };
  };
}

function buildComponentDetails(host: CliServiceHost, status: ComponentStatus): JsonObject {
  const details: JsonObject = { componentName: status.name, version: status.version, state: status.state };
  const configuration = host.configuration(status.name);
  if (configuration !== undefined) details.configuration = configuration;
  return details;
}

function componentName(call: OperationCall, operation: string): string {
  const name = requiredString(call.request, 'componentName', operation);
  if (name.trim() === '')
    throw new IpcServiceError('InvalidArgumentsError', 'Component name cannot be empty');
  return name;
}

function knownComponent(host: CliServiceHost, name: string): string {
  if (host.components.status(name) === undefined) {
    throw new IpcServiceError(
      'ComponentNotFoundError',
      `Component with name ${name} not found in Greengrass`,
    );
  }
  return name;
}

function failed(member: 'restartStatus' | 'stopStatus', message: string) {
  return { response: { [member]: 'FAILED', message } };
}
