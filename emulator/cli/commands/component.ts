// component list | details | restart | stop.

import type { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { CliError } from '../cli-error.ts';
import { type CoreClient, withCore } from '../core-client.ts';
import { formatComponentDetails, formatComponentList } from '../format.ts';
import type { Output } from '../output.ts';

export async function listComponents(root: string, output: Output): Promise<number> {
  const response = await withCore(root, 'component list', (client) => client.listComponents({}));
  output.out(formatComponentList(response.components ?? []));
  return 0;
}

export async function showComponentDetails(root: string, name: string, output: Output): Promise<number> {
  const response = await withCore(root, 'component details', (client) =>
    client.getComponentDetails({ componentName: name }),
  );
  output.out(formatComponentDetails(response.componentDetails));
  return 0;
}

type Action = 'restart' | 'stop';

/** One request per name, in order, like greengrass-cli; every refusal is reported, then the exit code says so. */
export async function controlComponents(
  root: string,
  action: Action,
  names: readonly string[],
  output: Output,
): Promise<number> {
  const refusals = await withCore(root, `component ${action}`, async (client) => {
    const failed: string[] = [];
    for (const name of names) {
      const { status, message } = await request(client, action, name);
      if (status !== 'SUCCEEDED') failed.push(`${name}: ${message ?? `${action} ${status}`}`);
    }
    return failed;
  });
  if (refusals.length > 0) {
    throw new CliError('OPERATION_FAILED', `component ${action} failed for ${refusals.join('; ')}`);
  }
  output.err(`${action === 'restart' ? 'Restart' : 'Stop'} requested for ${names.join(', ')}`);
  return 0;
}

async function request(
  client: CoreClient,
  action: Action,
  componentName: string,
): Promise<{ status: greengrasscoreipc.model.RequestStatus; message: string | undefined }> {
  if (action === 'restart') {
    const response = await client.restartComponent({ componentName });
    return { status: response.restartStatus, message: response.message };
  }
  const response = await client.stopComponent({ componentName });
  return { status: response.stopStatus, message: response.message };
}
