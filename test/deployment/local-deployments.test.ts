import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryComponentConfigurations } from '../../emulator/deployment/component-configurations.ts';
import { ComponentStore } from '../../emulator/deployment/component-store.ts';
import type { DeploymentRecord } from '../../emulator/deployment/deployment-record.ts';
import { parseDeploymentRequest } from '../../emulator/deployment/deployment-request.ts';
import { LocalDeployments } from '../../emulator/deployment/local-deployments.ts';
import { detectPlatform } from '../../emulator/platform/detect-platform.ts';
import { createHarness, type Harness, transitions } from '../helpers/core-harness.ts';
import { makeZip, type ZipEntrySpec } from '../helpers/zip-builder.ts';

const SERVER = 'com.example.Server';
const CLIENT = 'com.example.Client';

const serverRecipe = `
RecipeFormatVersion: "2020-01-25"
ComponentName: ${SERVER}
ComponentVersion: "1.0.0"
ComponentConfiguration:
  DefaultConfiguration:
    Greeting: hello
    Port: 8080
Manifests:
  - Platform: { os: windows }
    Lifecycle: { Run: "never on this platform" }
  - Platform: { os: linux, runtime: "*" }
    Artifacts:
      - URI: s3://bucket/${SERVER}/1.0.0/server.zip
        Unarchive: ZIP
    Lifecycle:
      Setenv:
        GREETING: "{configuration:/Greeting}"
      Run: node {artifacts:decompressedPath}/server/server.mjs
`;

const clientRecipe = {
  RecipeFormatVersion: '2020-01-25',
  ComponentName: CLIENT,
  ComponentVersion: '1.0.0',
  ComponentDependencies: { [SERVER]: { VersionRequirement: '^1.0.0', DependencyType: 'HARD' } },
  Manifests: [
    {
      Platform: { os: '*' },
      Artifacts: [{ URI: 's3://bucket/client.mjs', Permission: { Execute: 'OWNER' } }],
      Lifecycle: {
        run: { script: `node {artifacts:path}/client.mjs {${SERVER}:configuration:/Port} {iot:thingName}` },
      },
    },
  ],
};

const stayAlive = "setInterval(() => {}, 1 << 30); process.on('SIGTERM', () => process.exit(0));";
const serverCode = `console.log('greeting=' + process.env.GREETING + ' cwd=' + process.cwd()); ${stayAlive}`;
const clientCode = `console.log('port=' + process.argv[2] + ' thing=' + process.argv[3]); ${stayAlive}`;

interface Setup {
  readonly harness: Harness;
  readonly deployments: LocalDeployments;
  readonly configurations: MemoryComponentConfigurations;
  readonly recipeDir: string;
  readonly artifactDir: string;
  deploy(request: unknown): Promise<DeploymentRecord>;
}

let setup: Setup | undefined;
afterEach(async () => {
  await setup?.deployments.close();
  await setup?.harness.close();
  setup?.harness.dispose();
  setup = undefined;
});

async function createSetup(
  serverZip: readonly ZipEntrySpec[] = [{ name: 'server.mjs', data: serverCode }],
  root?: string,
): Promise<Setup> {
  const harness = createHarness(root === undefined ? {} : { root });
  const recipeDir = path.join(harness.root, 'build', 'recipes');
  const artifactDir = path.join(harness.root, 'build', 'artifacts');
  fs.mkdirSync(path.join(recipeDir, 'nested'), { recursive: true });
  fs.writeFileSync(path.join(recipeDir, 'server.yaml'), serverRecipe);
  fs.writeFileSync(path.join(recipeDir, 'nested', 'whatever-name.json'), JSON.stringify(clientRecipe));
  fs.writeFileSync(path.join(recipeDir, 'README.md'), 'not a recipe');
  fs.mkdirSync(path.join(artifactDir, SERVER, '1.0.0'), { recursive: true });
  fs.mkdirSync(path.join(artifactDir, CLIENT, '1.0.0'), { recursive: true });
  fs.writeFileSync(path.join(artifactDir, SERVER, '1.0.0', 'server.zip'), await makeZip(serverZip));
  fs.writeFileSync(path.join(artifactDir, CLIENT, '1.0.0', 'client.mjs'), clientCode);
  const configurations = new MemoryComponentConfigurations();
  const deployments = new LocalDeployments({
    paths: harness.paths,
    store: new ComponentStore(harness.paths, { log() {} }),
    target: harness.manager,
    configurations,
    platform: detectPlatform(),
    thingName: 'TestCore',
    builtins: new Map([['aws.greengrass.Nucleus', '2.16.0']]),
    logger: { log() {} },
  });
  return {
    harness,
    deployments,
    configurations,
    recipeDir,
    artifactDir,
    deploy: (request) => deployments.settled(deployments.create(parseDeploymentRequest(request)).id),
  };
}

describe('LocalDeployments', () => {
  it('deploys from a recipe dir and an artifact dir the greengrass-cli way, dependencies first', async () => {
    setup = await createSetup();
    const { harness, recipeDir, artifactDir, deployments } = setup;
    const created = deployments.create(
      parseDeploymentRequest({ recipeDir, artifactDir, merge: { [CLIENT]: '1.0.0' } }),
    );
    expect(created.status).toBe('QUEUED');
    expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
    const record = await deployments.settled(created.id);
    expect(record.failure).toBeUndefined();
    expect(record.status).toBe('SUCCEEDED');

    const serverLine = await harness.waitForLog(
      (e) => e.logger === SERVER && e.message?.startsWith('greeting=') === true,
    );
    expect(serverLine.message).toBe(`greeting=hello cwd=${harness.paths.work(SERVER)}`);
    const clientLine = await harness.waitForLog(
      (e) => e.logger === CLIENT && e.message?.startsWith('port=') === true,
    );
    expect(clientLine.message).toBe('port=8080 thing=TestCore');
    const states = Object.fromEntries(harness.manager.list().map((c) => [c.name, c.state]));
    expect(states).toEqual({
      'aws.greengrass.Nucleus': 'FINISHED',
      [SERVER]: 'RUNNING',
      [CLIENT]: 'RUNNING',
    });
    const order = harness.events
      .filter((e) => e.event === 'service-set-state')
      .map((e) => `${e.context?.serviceName}:${e.context?.newState}`);
    expect(order.indexOf(`${SERVER}:RUNNING`)).toBeLessThan(order.indexOf(`${CLIENT}:STARTING`));

    const { paths } = harness;
    expect(fs.readdirSync(paths.recipes).sort()).toEqual([`${CLIENT}-1.0.0.yaml`, `${SERVER}-1.0.0.yaml`]);
    expect(fs.existsSync(path.join(paths.unarchived(SERVER, '1.0.0'), 'server', 'server.mjs'))).toBe(true);
    expect(fs.statSync(path.join(paths.artifacts(CLIENT, '1.0.0'), 'client.mjs')).mode & 0o777).toBe(0o700);
    expect(setup.configurations.read(SERVER)).toEqual({ Greeting: 'hello', Port: 8080 });
    expect(Object.fromEntries(deployments.roots)).toEqual({ [CLIENT]: '1.0.0' });
    expect(deployments.list()[0]?.id).toBe(created.id);
  });

  it('applies --update-config MERGE and RESET to a root, restarting it with the new interpolated values', async () => {
    setup = await createSetup();
    const { harness, recipeDir, artifactDir } = setup;
    await setup.deploy({ recipeDir, artifactDir, merge: { [SERVER]: '1.0.0' } });
    const merged = await setup.deploy({
      merge: { [SERVER]: '1.0.0' },
      updateConfig: { [SERVER]: { MERGE: { Greeting: 'bonjour' } } },
    });
    expect(merged.status).toBe('SUCCEEDED');
    expect(setup.configurations.read(SERVER)).toEqual({ Greeting: 'bonjour', Port: 8080 });
    await harness.waitForLog(
      (e) => e.logger === SERVER && e.message?.startsWith('greeting=bonjour') === true,
    );
    const reset = await setup.deploy({ updateConfig: { [SERVER]: { RESET: ['/Greeting'] } } });
    expect(reset.status).toBe('SUCCEEDED');
    expect(setup.configurations.read(SERVER)).toEqual({ Greeting: 'hello', Port: 8080 });
    expect(transitions(harness.events, SERVER).filter((t) => t === 'STOPPING->INSTALLED')).toHaveLength(2);
  });

  it('removes a root component and the dependencies nothing else needs', async () => {
    setup = await createSetup();
    const { harness, recipeDir, artifactDir } = setup;
    await setup.deploy({ recipeDir, artifactDir, merge: { [CLIENT]: '1.0.0' } });
    const removed = await setup.deploy({ remove: [CLIENT] });
    expect(removed.status).toBe('SUCCEEDED');
    expect(harness.manager.list().map((c) => c.name)).toEqual(['aws.greengrass.Nucleus']);
    expect(setup.configurations.read(SERVER)).toBeUndefined();
    expect(setup.deployments.roots.size).toBe(0);
  });

  it('keeps recipes, roots and the install record across a core restart, so the roots can be deployed again', async () => {
    setup = await createSetup();
    await setup.deploy({
      recipeDir: setup.recipeDir,
      artifactDir: setup.artifactDir,
      merge: { [CLIENT]: '1.0.0' },
    });
    await setup.deployments.close();
    await setup.harness.close();
    const root = setup.harness.root;
    setup = await createSetup(undefined, root); // the core starts again on the same root
    expect(Object.fromEntries(setup.deployments.roots)).toEqual({ [CLIENT]: '1.0.0' });
    const again = await setup.deploy({});
    expect(again.status).toBe('SUCCEEDED');
    expect(setup.harness.manager.list().map((c) => `${c.name}:${c.state}`)).toEqual([
      'aws.greengrass.Nucleus:FINISHED',
      `${SERVER}:RUNNING`,
      `${CLIENT}:RUNNING`,
    ]);
  });

  it('fails a deployment with a broken recipe, naming the file and the error path', async () => {
    setup = await createSetup();
    fs.writeFileSync(
      path.join(setup.recipeDir, 'broken.yaml'),
      serverRecipe
        .replace('ComponentName: com.example.Server', 'ComponentName: com.example.Broken')
        .replace('Run: "never on this platform"', 'Run: [1, 2]'),
    );
    const record = await setup.deploy({
      recipeDir: setup.recipeDir,
      artifactDir: setup.artifactDir,
      merge: { [CLIENT]: '1.0.0' },
    });
    expect(record.status).toBe('FAILED');
    expect(record.failure?.code).toBe('RECIPE_INVALID');
    expect(record.failure?.message).toContain(
      'broken.yaml: invalid recipe: Manifests[0].Lifecycle.Run: expected string or object',
    );
    expect(setup.harness.manager.list()).toHaveLength(1);
    expect(setup.deployments.roots.size).toBe(0);
  });

  it('fails a deployment whose artifact is missing, naming the artifact', async () => {
    setup = await createSetup();
    fs.rmSync(path.join(setup.artifactDir, CLIENT, '1.0.0', 'client.mjs'));
    const record = await setup.deploy({
      recipeDir: setup.recipeDir,
      artifactDir: setup.artifactDir,
      merge: { [CLIENT]: '1.0.0' },
    });
    expect(record.status).toBe('FAILED');
    expect(record.failure?.code).toBe('ARTIFACT_NOT_FOUND');
    expect(record.failure?.message).toContain(
      'com.example.Client 1.0.0: artifact client.mjs (s3://bucket/client.mjs) is not in',
    );
    expect(record.failure?.details).toMatchObject({ artifact: 'client.mjs' });
  });

  it('refuses a zip artifact with a ".." entry', async () => {
    setup = await createSetup([
      { name: 'server.mjs', data: serverCode },
      { name: '../../../escaped.mjs', data: 'x' },
    ]);
    const record = await setup.deploy({
      recipeDir: setup.recipeDir,
      artifactDir: setup.artifactDir,
      merge: { [SERVER]: '1.0.0' },
    });
    expect(record.status).toBe('FAILED');
    expect(record.failure?.code).toBe('UNSAFE_ARCHIVE_ENTRY');
    expect(record.failure?.message).toContain(
      'server.zip: entry "../../../escaped.mjs" refused: ".." in path',
    );
    expect(fs.existsSync(path.join(setup.harness.paths.root, 'packages', 'escaped.mjs'))).toBe(false);
  });

  it('runs deployments one at a time and reports QUEUED, IN_PROGRESS, then the outcome', async () => {
    setup = await createSetup();
    const statuses: string[] = [];
    setup.deployments.onStatusChange((r) => statuses.push(`${r.id.slice(0, 4)}:${r.status}`));
    const first = setup.deployments.create(
      parseDeploymentRequest({
        recipeDir: setup.recipeDir,
        artifactDir: setup.artifactDir,
        merge: { [SERVER]: '1.0.0' },
      }),
    );
    const second = setup.deployments.create(
      parseDeploymentRequest({ merge: { 'com.example.Unknown': '1.0.0' } }),
    );
    const failed = await setup.deployments.settled(second.id);
    expect(failed.failure?.code).toBe('COMPONENT_NOT_FOUND');
    const a = first.id.slice(0, 4);
    const b = second.id.slice(0, 4);
    expect(statuses).toEqual([
      `${a}:QUEUED`,
      `${b}:QUEUED`,
      `${a}:IN_PROGRESS`,
      `${a}:SUCCEEDED`,
      `${b}:IN_PROGRESS`,
      `${b}:FAILED`,
    ]);
  });
});
