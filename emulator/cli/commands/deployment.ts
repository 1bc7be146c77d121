// deployment create | status | list: build the request, call the core, print its answer.

import type { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { isRecord } from '../../util/json.ts';
import { CliError } from '../cli-error.ts';
import type { Command } from '../command-line.ts';
import { withCore } from '../core-client.ts';
import { formatDeploymentList, formatDeploymentStatus, formatSubmitted } from '../format.ts';
import { absolutePath, readJsonOrFile } from '../input-files.ts';
import type { Output } from '../output.ts';

type CreateCommand = Extract<Command, { verb: 'deployment create' }>;

export async function createDeployment(
  root: string,
  command: CreateCommand,
  output: Output,
): Promise<number> {
  const request: greengrasscoreipc.model.CreateLocalDeploymentRequest = {};
  if (command.recipeDir !== undefined) request.recipeDirectoryPath = absolutePath(command.recipeDir);
  if (command.artifactDir !== undefined) request.artifactsDirectoryPath = absolutePath(command.artifactDir);
  if (Object.keys(command.merge).length > 0)
    request.rootComponentVersionsToAdd = new Map(Object.entries(command.merge));
  if (command.remove.length > 0) request.rootComponentsToRemove = [...command.remove];
  if (command.updateConfig !== undefined)
    request.componentToConfiguration = configurationUpdate(command.updateConfig);
  const response = await withCore(root, 'deployment create', (client) =>
    client.createLocalDeployment(request),
  );
  output.out(formatSubmitted(response.deploymentId));
  return 0;
}

export async function showDeploymentStatus(
  root: string,
  deploymentId: string,
  output: Output,
): Promise<number> {
  const response = await withCore(root, 'deployment status', (client) =>
    client.getLocalDeploymentStatus({ deploymentId }),
  );
  output.out(formatDeploymentStatus(response.deployment));
  return 0;
}

export async function listDeployments(root: string, output: Output): Promise<number> {
  const response = await withCore(root, 'deployment list', (client) => client.listLocalDeployments({}));
  output.out(formatDeploymentList(response.localDeployments ?? []));
  return 0;
}

/** `--update-config`: a JSON object keyed by component name (the core checks MERGE/RESET). */
function configurationUpdate(value: string): Map<string, unknown> {
  const update = readJsonOrFile(value, '--update-config');
  if (!isRecord(update)) {
    throw new CliError(
      'INPUT_INVALID',
      '--update-config must be a JSON object keyed by component name, e.g. {"com.example.App": {"MERGE": {"Count": 3}}}',
    );
  }
  return new Map(Object.entries(update));
}
