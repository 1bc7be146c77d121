// aws.greengrass#CreateLocalDeployment, #GetLocalDeploymentStatus and #ListLocalDeployments, as
// the Greengrass CLI service answers them (CLIEventStreamAgent): a deployment is queued and its
// id returned at once; status and list read the queue's records.

import path from 'node:path';
import { isDeploymentId } from '../deployment/deployment-record.ts';
import { parseDeploymentRequest } from '../deployment/deployment-request.ts';
import { isInside } from '../deployment/zip-entry-policy.ts';
import { isCoreError } from '../errors/core-error.ts';
import { type IpcErrorShape, IpcServiceError } from '../ipc/errors.ts';
import type { OperationHandler } from '../ipc/operation-types.ts';
import {
  optionalObject,
  optionalString,
  optionalStringList,
  requiredString,
} from '../ipc/operations/request-fields.ts';
import { requireCliPrincipal } from './authorize.ts';
import { CLI_SERVICE_LOGGER, type CliServiceHost } from './cli-service-host.ts';
import { buildLocalDeployment } from './local-deployment-shape.ts';

const CREATE = 'CreateLocalDeployment';

export function createCreateLocalDeploymentHandler(host: CliServiceHost): OperationHandler {
  return (call) => {
    requireCliPrincipal(call);
    if (host.isClosing()) throw new IpcServiceError('ServiceError', 'the local core is shutting down');
    const { request } = call;
    const recipeDir = directoryPath(
      optionalString(request, 'recipeDirectoryPath', CREATE),
      'InvalidRecipeDirectoryPathError',
    );
    const artifactDir = directoryPath(
      optionalString(request, 'artifactsDirectoryPath', CREATE),
      'InvalidArtifactsDirectoryPathError',
    );
    if (artifactDir !== undefined && isInside(artifactDir, host.artifactStore)) {
      // The nucleus's own check, with its wording (CLIEventStreamAgent.CreateLocalDeploymentHandler).
      throw new IpcServiceError(
        'InvalidArtifactsDirectoryPathError',
        'Requested artifacts directory path is parent of kernel artifacts directory path. Specify another path to avoid recursive copy',
      );
    }
    let parsed: ReturnType<typeof parseDeploymentRequest>;
    try {
      parsed = parseDeploymentRequest({
        recipeDir,
        artifactDir,
        merge: optionalObject(request, 'rootComponentVersionsToAdd', CREATE) ?? {},
        remove: optionalStringList(request, 'rootComponentsToRemove', CREATE) ?? [],
        updateConfig: optionalObject(request, 'componentToConfiguration', CREATE) ?? {},
      });
    } catch (error) {
      if (isCoreError(error))
        throw new IpcServiceError('InvalidArgumentsError', error.message, {}, { cause: error });
      throw error;
    }
    const ignored = ['componentToRunWithInfo', 'failureHandlingPolicy', 'groupName'].filter(
      (member) => request[member] !== undefined && request[member] !== null,
    );
    const record = host.deployments.create(parsed);
    host.logger.log({
      level: 'INFO',
      thread: 'ipc',
      logger: CLI_SERVICE_LOGGER,
      event: '',
      message: 'Submitted local deployment request.',
      context: {
        DeploymentId: record.id,
        ...(ignored.length > 0 ? { ignoredByLocalCore: ignored.join(',') } : {}),
      },
    });
    return { response: { deploymentId: record.id } };
  };
}

export function createGetLocalDeploymentStatusHandler(host: CliServiceHost): OperationHandler {
  return (call) => {
    requireCliPrincipal(call);
    const id = requiredString(call.request, 'deploymentId', 'GetLocalDeploymentStatus');
    if (!isDeploymentId(id)) {
      throw new IpcServiceError(
        'InvalidArgumentsError',
        'Invalid deploymentId format received. DeploymentId is a UUID',
      );
    }
    const record = host.deployments.get(id);
    if (record === undefined) {
      throw new IpcServiceError('ResourceNotFoundError', 'Cannot find deployment', {
        resourceType: 'LocalDeployment',
        resourceName: id,
      });
    }
    return { response: { deployment: buildLocalDeployment(record) } };
  };
}

export function createListLocalDeploymentsHandler(host: CliServiceHost): OperationHandler {
  return (call) => {
    requireCliPrincipal(call);
    return { response: { localDeployments: host.deployments.list().map(buildLocalDeployment) } };
  };
}

/** Empty means absent (the nucleus's Utils.isEmpty); a relative path has no meaning to the core's own cwd. */
function directoryPath(value: string | undefined, shape: IpcErrorShape): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!path.isAbsolute(value)) {
    throw new IpcServiceError(
      shape,
      `${value} is not an absolute path (greengrass-cli sends absolute paths)`,
    );
  }
  return path.normalize(value);
}
