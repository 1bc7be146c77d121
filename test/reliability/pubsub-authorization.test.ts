// Component isolation on local pub/sub, with the accessControl of our real recipes: each
// component may do exactly what its policy grants, a refusal is an UnauthorizedError that
// leaves the connection usable, and a grant added by a configuration change applies at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, type SdkClient, startHarness } from '../emulator/helpers/ipc-harness.ts';
import { errorCodeOf, record } from '../emulator/helpers/recorder.ts';
import { CLASSIFIER, REQUESTER, recipeDefaults } from '../helpers/recipe-defaults.ts';

const OTHER = 'com.example.Other';

let harness: Harness;
const clients = new Map<string, SdkClient>();

beforeAll(async () => {
  harness = await startHarness();
  for (const name of [CLASSIFIER, REQUESTER])
    harness.server.configuration.replace(name, await recipeDefaults(name));
  harness.server.configuration.replace(OTHER, {}); // deployed, but no accessControl at all
  for (const name of [CLASSIFIER, REQUESTER, OTHER]) {
    clients.set(name, await harness.connect(harness.server.tokens.issue(name)));
  }
});
afterAll(async () => {
  await harness?.close();
});

function client(name: string): SdkClient {
  const found = clients.get(name);
  if (!found) throw new Error(`no client for ${name}`);
  return found;
}

function attempt(name: string, operation: 'publish' | 'subscribe', topic: string): Promise<unknown> {
  const sdk = client(name);
  return errorCodeOf(
    operation === 'publish'
      ? sdk.publishToTopic({ topic, publishMessage: { jsonMessage: { message: { probe: true } } } })
      : sdk.subscribeToTopic({ topic }).activate(),
  );
}

const ALLOWED = 'no error';
const DENIED = 'UnauthorizedError';

// Written out by hand from the recipes, not derived from the policy code under test.
const MATRIX: ReadonlyArray<readonly [string, 'publish' | 'subscribe', string, string]> = [
  [CLASSIFIER, 'subscribe', 'local/inference', ALLOWED],
  [CLASSIFIER, 'publish', 'local/result', ALLOWED],
  [CLASSIFIER, 'publish', 'local/inference', DENIED],
  [CLASSIFIER, 'subscribe', 'local/result', DENIED],
  [CLASSIFIER, 'publish', 'local/other', DENIED],
  [CLASSIFIER, 'subscribe', '#', DENIED],
  [CLASSIFIER, 'subscribe', 'local/#', DENIED],
  [CLASSIFIER, 'subscribe', 'local/+', DENIED],
  [REQUESTER, 'publish', 'local/inference', ALLOWED],
  [REQUESTER, 'subscribe', 'local/result', ALLOWED],
  [REQUESTER, 'subscribe', 'local/inference', DENIED], // cannot read other components' requests
  [REQUESTER, 'publish', 'local/result', DENIED], // cannot forge results
  [REQUESTER, 'subscribe', '#', DENIED],
  [REQUESTER, 'subscribe', 'local/+', DENIED],
  [OTHER, 'publish', 'local/inference', DENIED],
  [OTHER, 'subscribe', 'local/inference', DENIED],
  [OTHER, 'publish', 'local/result', DENIED],
  [OTHER, 'subscribe', 'local/result', DENIED],
  [OTHER, 'subscribe', '#', DENIED],
];

// One retry, bounded: the SDK can leave a refused subscription's activate() pending under load
// (docs/ipc-protocol.md#js-client-behaviour); a server that answers wrongly fails both tries.
describe('pub/sub authorization with the recipes’ accessControl', { retry: 1, timeout: 10_000 }, () => {
  it.each(MATRIX)('%s %s %s: %s', async (name, operation, topic, expected) => {
    expect(await attempt(name, operation, topic)).toBe(expected);
  });

  it('keeps every connection usable after its refusals', async () => {
    expect(harness.server.connectionCount()).toBe(3);
    expect(await attempt(REQUESTER, 'publish', 'local/inference')).toBe(ALLOWED);
    expect(await attempt(CLASSIFIER, 'publish', 'local/result')).toBe(ALLOWED);
  });

  it('delivers requests only to the classifier and results only to the requester', async () => {
    const requests = await record(client(CLASSIFIER).subscribeToTopic({ topic: 'local/inference' }));
    const results = await record(client(REQUESTER).subscribeToTopic({ topic: 'local/result' }));
    await client(REQUESTER).publishToTopic({
      topic: 'local/inference',
      publishMessage: { jsonMessage: { message: { id: 'r1' } } },
    });
    await client(CLASSIFIER).publishToTopic({
      topic: 'local/result',
      publishMessage: { jsonMessage: { message: { id: 'r1', status: 'ok' } } },
    });
    expect((await requests.recorder.waitForCount(1))[0]?.jsonMessage?.message).toEqual({ id: 'r1' });
    expect((await results.recorder.waitForCount(1))[0]?.jsonMessage?.message).toEqual({
      id: 'r1',
      status: 'ok',
    });
  });

  it('applies a grant added by a configuration change at once, on the same connection', async () => {
    expect(await attempt(OTHER, 'subscribe', 'local/result')).toBe(DENIED);
    harness.server.configuration.merge(
      OTHER,
      [],
      {
        accessControl: {
          'aws.greengrass.ipc.pubsub': {
            'com.example.Other:pubsub:1': {
              operations: ['aws.greengrass#SubscribeToTopic'],
              resources: ['local/result'],
            },
          },
        },
      },
      Date.now(),
    );
    expect(await attempt(OTHER, 'subscribe', 'local/result')).toBe(ALLOWED);
    expect(await attempt(OTHER, 'publish', 'local/result')).toBe(DENIED);
    expect(await attempt(OTHER, 'subscribe', 'local/inference')).toBe(DENIED);
  });

  it('logged every refusal with the component, the operation and the topic', () => {
    const denied = harness.logger.named('ipc-authorization-denied').map((event) => event.message);
    for (const [name, operation, topic, expected] of MATRIX) {
      if (expected !== DENIED) continue;
      const op = operation === 'publish' ? 'PublishToTopic' : 'SubscribeToTopic';
      expect(denied).toContain(
        `Principal ${name} is not authorized to perform aws.greengrass.ipc.pubsub:aws.greengrass#${op} on resource ${topic}`,
      );
    }
  });
});
