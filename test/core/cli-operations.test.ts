// The greengrass-cli operations over IPC, called with the unmodified SDK client: with the CLI's
// token from <root>/cli_ipc_info (as greengrass-cli does) they work; with a component's token
// they are refused. Also: configuration subscribers hear only real changes, and a restarted core
// redeploys its root components with the configuration they had.

import fs from 'node:fs';
import path from 'node:path';
import type { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectToCore } from '../../emulator/cli/core-client.ts';
import { CLI_COMPONENT } from '../../emulator/core/builtin-components.ts';
import { startCore } from '../../emulator/core/core.ts';
import type { LocalCore } from '../../emulator/core/local-core.ts';
import { REPO_ROOT } from '../helpers/cli-process.ts';
import { createSdkClient } from '../helpers/sdk-client.ts';

const CONFIGURED = 'com.example.Configured';
const RECIPES = path.join(REPO_ROOT, 'test/fixtures/core/configured-recipe');
/** Failure guard for a configuration event. */
const EVENT_TIMEOUT_MS = 10_000;

type Client = greengrasscoreipc.Client;

async function connectWithToken(socketPath: string, authToken: string): Promise<Client> {
  const client = createSdkClient(socketPath, authToken);
  await client.connect();
  return client;
}

/** `_errorCode` of a modeled error, else the RPC error's description (undeclared shapes, docs/ipc-protocol.md#modeled-errors). */
async function failureOf(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    const { serviceError, description } = error as {
      serviceError?: { _errorCode?: string };
      description?: string;
    };
    return serviceError?._errorCode ?? description ?? String(error);
  }
  throw new Error('the call succeeded');
}

describe('greengrass-cli operations on a running core', () => {
  let root: string;
  let core: LocalCore;
  let cli: Client;
  beforeAll(async () => {
    root = fs.mkdtempSync('/tmp/ggo-');
    core = await startCore({ root, stopGraceMs: 3_000 });
    cli = await connectToCore(root);
  });
  afterAll(async () => {
    await cli?.close().catch(() => undefined);
    await core?.close();
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('writes the CLI token file like the aws.greengrass.Cli service: owner-only, greengrass-cli keys', () => {
    const uid = process.geteuid?.() ?? 0;
    expect(core.cliIpcInfoFile).toBe(path.join(root, 'cli_ipc_info', `user-${uid}`));
    expect(fs.statSync(core.cliIpcInfoFile).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(core.cliIpcInfoFile)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(fs.readFileSync(core.cliIpcInfoFile, 'utf8'))).toEqual({
      cli_auth_token: core.ipc.tokens.tokenOf(CLI_COMPONENT),
      domain_socket_path: core.socketPath,
    });
  });

  it('refuses every CLI operation to a component', async () => {
    const intruder = await connectWithToken(core.socketPath, core.ipc.tokens.issue('com.example.Intruder'));
    try {
      const refusals = await Promise.all([
        failureOf(intruder.listComponents({})),
        failureOf(intruder.getComponentDetails({ componentName: CLI_COMPONENT })),
        failureOf(intruder.restartComponent({ componentName: CLI_COMPONENT })),
        failureOf(intruder.stopComponent({ componentName: CLI_COMPONENT })),
        failureOf(intruder.listLocalDeployments({})),
        failureOf(
          intruder.getLocalDeploymentStatus({ deploymentId: '00000000-0000-4000-8000-000000000000' }),
        ),
        failureOf(intruder.createLocalDeployment({ rootComponentsToRemove: ['x'] })),
      ]);
      // UnauthorizedError is not a declared error of these operations, so the JS client names the shape.
      for (const refusal of refusals) expect(refusal).toContain('aws.greengrass#UnauthorizedError');
      expect(core.deployments()).toEqual([]);
    } finally {
      await intruder.close();
    }
  });

  it('answers bad requests with the modeled errors', async () => {
    expect(await failureOf(cli.getComponentDetails({ componentName: 'com.example.Nope' }))).toBe(
      'ResourceNotFoundError',
    );
    expect(await failureOf(cli.restartComponent({ componentName: 'com.example.Nope' }))).toBe(
      'ComponentNotFoundError',
    );
    expect(await failureOf(cli.stopComponent({ componentName: 'com.example.Nope' }))).toBe(
      'ComponentNotFoundError',
    );
    expect(
      await failureOf(cli.getLocalDeploymentStatus({ deploymentId: '00000000-0000-4000-8000-000000000000' })),
    ).toBe('ResourceNotFoundError');
    expect(await failureOf(cli.createLocalDeployment({ recipeDirectoryPath: 'relative/recipes' }))).toBe(
      'InvalidRecipeDirectoryPathError',
    );
    expect(await failureOf(cli.createLocalDeployment({ artifactsDirectoryPath: root }))).toBe(
      'InvalidArtifactsDirectoryPathError',
    );
    expect(
      await failureOf(
        cli.createLocalDeployment({ rootComponentVersionsToAdd: new Map([[CONFIGURED, 'NEXT_PATCH']]) }),
      ),
    ).toBe('InvalidArgumentsError');
    const restart = await cli.restartComponent({ componentName: 'aws.greengrass.Nucleus' });
    expect(restart).toMatchObject({
      restartStatus: 'FAILED',
      message: expect.stringContaining('built into'),
    });
  });

  it('notifies configuration subscribers only when a deployment changes the configuration', async () => {
    const first = await cli.createLocalDeployment({
      recipeDirectoryPath: RECIPES,
      rootComponentVersionsToAdd: new Map([[CONFIGURED, '1.0.0']]),
    });
    expect((await core.deploymentSettled(first.deploymentId as string)).status).toBe('SUCCEEDED');
    const details = await cli.getComponentDetails({ componentName: CONFIGURED });
    expect(details.componentDetails).toEqual({
      componentName: CONFIGURED,
      version: '1.0.0',
      state: 'FINISHED',
      configuration: { Greeting: 'hello', Nested: { Level: 1 } },
    });

    const events: unknown[] = [];
    const subscription = cli.subscribeToConfigurationUpdate({ componentName: CONFIGURED, keyPath: [] });
    const firstEvent = new Promise((resolve) =>
      subscription.on('message', (event) => resolve(events.push(event))),
    );
    await subscription.activate();

    const unchanged = await cli.createLocalDeployment({
      rootComponentVersionsToAdd: new Map([[CONFIGURED, '1.0.0']]),
    });
    expect((await core.deploymentSettled(unchanged.deploymentId as string)).status).toBe('SUCCEEDED');
    const changed = await cli.createLocalDeployment({
      componentToConfiguration: new Map([[CONFIGURED, { MERGE: { Greeting: 'hi' } }]]),
    });
    expect((await core.deploymentSettled(changed.deploymentId as string)).status).toBe('SUCCEEDED');
    await Promise.race([firstEvent, rejectAfter(EVENT_TIMEOUT_MS, 'no configuration event')]);
    // Events keep their order on the stream: had the unchanged deployment notified, it would come first.
    expect(events[0]).toEqual({
      configurationUpdateEvent: { componentName: CONFIGURED, keyPath: ['Greeting'] },
    });
    await subscription.close();

    const listed = await cli.listLocalDeployments({});
    expect(listed.localDeployments?.map((d) => d.deploymentId)).toEqual([
      changed.deploymentId,
      unchanged.deploymentId,
      first.deploymentId,
    ]);
    const status = await cli.getLocalDeploymentStatus({ deploymentId: changed.deploymentId as string });
    expect(status.deployment).toMatchObject({
      deploymentId: changed.deploymentId,
      status: 'SUCCEEDED',
      createdOn: expect.stringMatching(/^\d+$/),
      deploymentStatusDetails: { detailedDeploymentStatus: 'SUCCESSFUL' },
    });
  });

  it('after a restart, redeploys its root components with the configuration they had', async () => {
    await cli.close();
    await core.close();
    expect(fs.existsSync(core.socketPath)).toBe(false);
    expect(fs.existsSync(core.cliIpcInfoFile)).toBe(false);

    core = await startCore({ root, stopGraceMs: 3_000 });
    cli = await connectToCore(root);
    expect(core.startupDeploymentId).toBeDefined();
    expect((await core.deploymentSettled(core.startupDeploymentId as string)).status).toBe('SUCCEEDED');
    const details = await cli.getComponentDetails({ componentName: CONFIGURED });
    expect(details.componentDetails.configuration).toEqual({ Greeting: 'hi', Nested: { Level: 1 } });
  });
});

function rejectAfter(ms: number, what: string): Promise<never> {
  return new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms).unref(),
  );
}
