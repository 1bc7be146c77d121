// com.custom.requester and com.custom.ImageClassifier as real processes on the real IPC server:
// results matched by id, Count honoured, and a reply that never comes reported as a timeout.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Harness, startHarness } from '../emulator/helpers/ipc-harness.ts';
import { NodeComponent, REPO_ROOT } from '../helpers/node-component.ts';

const CLASSIFIER = 'com.custom.ImageClassifier';
const REQUESTER = 'com.custom.requester';
const PHOTOS = path.join(REPO_ROOT, 'models/files');

let harness: Harness;
const started: NodeComponent[] = [];

async function recipeDefaults(name: string): Promise<Record<string, unknown>> {
  const recipe = parse(await readFile(path.join(REPO_ROOT, 'recipes', `${name}.yaml`), 'utf8'));
  return recipe.ComponentConfiguration.DefaultConfiguration;
}

function startComponent(name: string, entry: string, env: NodeJS.ProcessEnv = {}): NodeComponent {
  const component = new NodeComponent(entry, {
    SVCUID: harness.server.tokens.issue(name),
    AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT: harness.server.socketPath,
    ...env,
  });
  started.push(component);
  return component;
}

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await Promise.all(started.map((component) => component.stop()));
  await harness?.close();
});

describe('com.custom.requester', () => {
  it('sends Count requests, logs `result: <label>` for each reply matched by id, and exits 0', async () => {
    harness.server.configuration.replace(CLASSIFIER, {
      ...(await recipeDefaults(CLASSIFIER)),
      ImageRoots: [PHOTOS],
    } as never);
    const classifier = startComponent(CLASSIFIER, 'components/classifier/main.ts', {
      MODELS_DIR: path.join(REPO_ROOT, 'models'),
    });
    await classifier.waitForMessage('component running');

    harness.server.configuration.replace(REQUESTER, {
      ...(await recipeDefaults(REQUESTER)),
      Count: 3,
      IntervalMs: 20,
    } as never);
    const requester = startComponent(REQUESTER, 'components/requester/main.ts', {
      DEFAULT_IMAGE_DIRECTORY: PHOTOS,
    });
    const { code } = await requester.exited;

    const results = requester.messages().filter((msg) => msg.startsWith('result: '));
    // Replies may overtake each other (requests 20 ms apart, classified concurrently).
    expect([...results].sort()).toEqual([
      'result: black-and-tan coonhound',
      'result: pelican',
      'result: tabby',
    ]);
    expect(requester.messages().filter((msg) => msg.startsWith('request: '))).toHaveLength(3);
    const first = JSON.parse(
      requester
        .messages()
        .find((msg) => msg.startsWith('request: '))
        ?.slice(9) ?? '{}',
    );
    expect(first).toMatchObject({ image_dir: PHOTOS, fname: 'pelican.jpeg' });
    expect(code).toBe(0);
  });

  it('reports a reply that never came as a timeout instead of forgetting it', async () => {
    // No classifier listens on this topic, so the request can never be answered.
    harness.server.configuration.replace(REQUESTER, {
      ...(await recipeDefaults(REQUESTER)),
      RequestTopic: 'local/nobody',
      Count: 1,
      ReplyTimeoutMs: 300,
      accessControl: {
        'aws.greengrass.ipc.pubsub': {
          'r:1': { operations: ['*'], resources: ['local/nobody', 'local/result'] },
        },
      },
    } as never);
    const requester = startComponent(REQUESTER, 'components/requester/main.ts', {
      DEFAULT_IMAGE_DIRECTORY: PHOTOS,
    });
    const timeout = await requester.waitForMessage(/^timeout: no reply for /);
    expect(timeout).toMatchObject({ level: 'error', fname: 'pelican.jpeg', timeoutMs: 300 });
    expect((await requester.exited).code).toBe(0);
  });
});
