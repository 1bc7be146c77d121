// The local core's nucleus lite flavour (emulator/platform/nucleus-flavour.ts), each behaviour
// beside the classic one: recipes lite refuses or reads differently, its local deployments that
// do not unarchive, and its IPC as the unmodified SDK client sees it (sorted JSON keys, own
// messages, silent drops, a refused token ending the connection).

import fs from 'node:fs';
import path from 'node:path';
import type { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore } from '../../emulator/core/core.ts';
import type { LocalCore } from '../../emulator/core/local-core.ts';
import type { NucleusFlavour } from '../../emulator/platform/nucleus-flavour.ts';
import { readLines, waitForLogLine } from '../helpers/log-file.ts';
import { createSdkClient } from '../helpers/sdk-client.ts';
import { makeZip } from '../helpers/zip-builder.ts';

const STATE_TIMEOUT_MS = 20_000;
/** How long a test listens for a message that must not arrive, after one that must. */
const QUIET_MS = 300;

function useCore(nucleus: NucleusFlavour): { readonly core: LocalCore; readonly root: string } {
  const running = {} as { core: LocalCore; root: string };
  beforeAll(async () => {
    running.root = fs.mkdtempSync('/tmp/ggl-');
    running.core = await startCore({ root: running.root, stopGraceMs: 2_000, nucleus });
  });
  afterAll(async () => {
    await running.core?.close();
    if (running.root !== undefined) fs.rmSync(running.root, { recursive: true, force: true });
  });
  return running;
}

/** A recipe folder holding `recipe` (YAML text) as <name>-1.0.0.yaml. */
function recipeDir(name: string, recipe: string): string {
  const dir = fs.mkdtempSync('/tmp/ggl-recipes-');
  fs.writeFileSync(path.join(dir, `${name}-1.0.0.yaml`), recipe);
  return dir;
}

const recipe = (name: string, platform: string, lifecycle: string, artifacts = '') => `
RecipeFormatVersion: "2020-01-25"
ComponentName: ${name}
ComponentVersion: "1.0.0"
Manifests:
  - Platform: ${platform}
${artifacts}    Lifecycle:
${lifecycle}
`;

const CAPITALISED = (name: string) =>
  recipe(name, '{ os: linux, runtime: "*" }', '      Run: echo capitalised run step');
const NO_RUNTIME_KEY = (name: string) => recipe(name, '{ os: linux }', '      run: echo no runtime key');

async function deploy(core: LocalCore, name: string, text: string, artifactDir?: string) {
  const record = core.deploy({
    recipeDir: recipeDir(name, text),
    ...(artifactDir === undefined ? {} : { artifactDir }),
    merge: { [name]: '1.0.0' },
  });
  return core.deploymentSettled(record.id);
}

describe('recipes on the lite flavour', () => {
  const running = useCore('lite');

  it("refuses a recipe whose only step is spelled `Run`, in nucleus lite's words", async () => {
    const settled = await deploy(
      running.core,
      'com.example.Capitalised',
      CAPITALISED('com.example.Capitalised'),
    );
    expect(settled.status).toBe('FAILED');
    expect(settled.failure?.code).toBe('RECIPE_REFUSED_BY_LITE');
    expect(settled.failure?.message).toContain(
      "No install phase found; No startup or run phase found; Recipes without at least 1 valid lifecycle step aren't currently supported",
    );
  });

  it('selects no manifest whose Platform has no runtime key', async () => {
    const settled = await deploy(
      running.core,
      'com.example.NoRuntime',
      NO_RUNTIME_KEY('com.example.NoRuntime'),
    );
    expect(settled.status).toBe('FAILED');
    expect(settled.failure?.code).toBe('NO_MATCHING_MANIFEST');
    expect(settled.failure?.message).toContain('runtime=aws_nucleus_lite');
  });

  it('does not unarchive on a local deployment, and ends folder variables with a slash', async () => {
    const name = 'com.example.Zipped';
    const artifacts = fs.mkdtempSync('/tmp/ggl-artifacts-');
    fs.mkdirSync(path.join(artifacts, name, '1.0.0'), { recursive: true });
    fs.writeFileSync(
      path.join(artifacts, name, '1.0.0', 'app.zip'),
      await makeZip([{ name: 'hello.txt', data: 'hello' }]),
    );
    const text = recipe(
      name,
      '{ os: linux, runtime: "*" }',
      '      run: echo "decompressed={artifacts:decompressedPath} path={artifacts:path}"; ls "{artifacts:decompressedPath}app" 2>&1 || true',
      '    Artifacts:\n      - URI: s3://bucket/app.zip\n        Unarchive: ZIP\n',
    );
    expect((await deploy(running.core, name, text, artifacts)).status).toBe('SUCCEEDED');
    const log = path.join(running.core.paths.logs, `${name}.log`);
    const root = running.core.root;
    await waitForLogLine(log, /stdout\. decompressed=/);
    const lines = readLines(log).join('\n');
    expect(lines).toContain(
      `decompressed=${root}/packages/artifacts-unarchived/${name}/1.0.0/ path=${root}/packages/artifacts/${name}/1.0.0/`,
    );
    expect(fs.existsSync(path.join(root, 'packages/artifacts-unarchived', name, '1.0.0', 'app'))).toBe(false);
    expect(fs.existsSync(path.join(root, 'packages/artifacts', name, '1.0.0', 'app.zip'))).toBe(true);
  });
});

describe('the same recipes on the classic flavour', () => {
  const running = useCore('classic');

  it('runs them, and warns in greengrass.log about what nucleus lite would refuse', async () => {
    const capitalised = await deploy(
      running.core,
      'com.example.Capitalised',
      CAPITALISED('com.example.Capitalised'),
    );
    expect(capitalised.status).toBe('SUCCEEDED');
    expect(
      (await deploy(running.core, 'com.example.NoRuntime', NO_RUNTIME_KEY('com.example.NoRuntime'))).status,
    ).toBe('SUCCEEDED');
    const warning = await waitForLogLine(
      path.join(running.core.paths.logs, 'greengrass.log'),
      /\[WARN\].*com\.example\.Capitalised 1\.0\.0: nucleus lite would refuse this recipe/,
    );
    expect(warning).toContain('Run: nucleus lite reads this step only as "run"');
  });
});

type Received = { readonly topic: string; readonly json?: unknown; readonly binary?: Buffer };

async function connectAs(core: LocalCore, name: string, topics: readonly string[]) {
  const allow = (operation: string, id: number) => ({
    [`${name}:pubsub:${id}`]: { operations: [operation], resources: [...topics] },
  });
  core.ipc.configuration.replace(name, {
    accessControl: {
      'aws.greengrass.ipc.pubsub': {
        ...allow('aws.greengrass#PublishToTopic', 1),
        ...allow('aws.greengrass#SubscribeToTopic', 2),
      },
    },
  });
  const client = createSdkClient(core.socketPath, core.ipc.tokens.issue(name));
  await client.connect();
  return client;
}

async function subscribe(
  client: greengrasscoreipc.Client,
  topic: string,
  receiveMode?: greengrasscoreipc.model.ReceiveMode,
): Promise<Received[]> {
  const received: Received[] = [];
  const operation = client.subscribeToTopic({ topic, ...(receiveMode === undefined ? {} : { receiveMode }) });
  operation.on('message', (message) => {
    if (message.jsonMessage) received.push({ topic, json: message.jsonMessage.message });
    else if (message.binaryMessage?.message !== undefined)
      received.push({ topic, binary: Buffer.from(message.binaryMessage.message as Uint8Array) });
  });
  await operation.activate();
  return received;
}

const waitFor = async (check: () => boolean, timeoutMs = STATE_TIMEOUT_MS) => {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe.each(['lite', 'classic'] as const)(
  'IPC as the unmodified SDK client sees it: %s flavour',
  (flavour) => {
    const running = useCore(flavour);
    const lite = flavour === 'lite';
    const clients: greengrasscoreipc.Client[] = [];
    afterAll(async () => {
      for (const client of clients) await client.close().catch(() => {});
    });

    it(`${lite ? 'sorts' : 'keeps'} JSON object keys and ${lite ? 'ignores' : 'honours'} receiveMode`, async () => {
      const publisher = await connectAs(running.core, 'com.example.Publisher', ['t/json']);
      clients.push(publisher);
      const own = await subscribe(
        publisher,
        't/json',
        'RECEIVE_MESSAGES_FROM_OTHERS' as greengrasscoreipc.model.ReceiveMode,
      );
      const subscriber = await connectAs(running.core, 'com.example.Subscriber', ['t/json']);
      clients.push(subscriber);
      const others = await subscribe(subscriber, 't/json');
      await publisher.publishToTopic({
        topic: 't/json',
        publishMessage: { jsonMessage: { message: { zebra: 1, apple: { yak: 2, bee: 3 } } } },
      });
      await waitFor(() => others.length === 1);
      expect(JSON.stringify(others[0]?.json)).toBe(
        lite ? '{"apple":{"bee":3,"yak":2},"zebra":1}' : '{"zebra":1,"apple":{"yak":2,"bee":3}}',
      );
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      expect(own).toHaveLength(lite ? 1 : 0);
    });

    it(`${lite ? 'silently drops' : 'delivers'} a JSON message of more than 50 values and a binary one whose delivery passes 10,000 bytes`, async () => {
      const publisher = await connectAs(running.core, 'com.example.Big', ['t/big']);
      clients.push(publisher);
      const received = await subscribe(publisher, 't/big');
      await publisher.publishToTopic({
        topic: 't/big',
        publishMessage: { jsonMessage: { message: { values: Array.from({ length: 60 }, (_, i) => i) } } },
      });
      await publisher.publishToTopic({
        topic: 't/big',
        publishMessage: { binaryMessage: { message: Buffer.alloc(7_340, 1) } },
      });
      await publisher.publishToTopic({
        topic: 't/big',
        publishMessage: { jsonMessage: { message: { last: true } } },
      });
      await waitFor(() => received.some((message) => JSON.stringify(message.json) === '{"last":true}'));
      expect(
        received.map((message) => (message.binary ? `binary ${message.binary.length}` : 'json')),
      ).toEqual(lite ? ['json'] : ['json', 'binary 7340', 'json']);
    });

    it(`answers an unknown token with ${lite ? 'a closed connection' : 'a rejected ConnectAck'}`, async () => {
      const client = createSdkClient(running.core.socketPath, 'NOT-A-TOKEN');
      const failure = await client.connect().then(
        () => 'connected',
        (error: Error) => error.message,
      );
      await client.close().catch(() => {});
      expect(failure).toContain(lite ? 'connection closed' : 'invalid connack');
    });
  },
);
