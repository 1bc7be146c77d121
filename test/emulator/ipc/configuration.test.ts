// Component configuration over IPC with the unmodified SDK client: GetConfiguration,
// UpdateConfiguration and SubscribeToConfigurationUpdate (docs/ipc-protocol.md#getconfiguration).

import { afterEach, beforeEach, expect, test } from 'vitest';
import { type Harness, type SdkClient, startHarness } from '../helpers/ipc-harness.ts';
import { errorCodeOf, record } from '../helpers/recorder.ts';

const NAME = 'com.custom.ImageClassifier';
let harness: Harness;
let client: SdkClient;

beforeEach(async () => {
  harness = await startHarness();
  const token = harness.addComponent(
    NAME,
    {},
    { TopK: 5, thresholds: { min: 0.2 }, ImageRoots: ['/a', '/b'] },
  );
  client = await harness.connect(token);
});
afterEach(async () => {
  await harness.close();
});

test('GetConfiguration returns the whole tree, a subtree, or a leaf as { key: value }', async () => {
  const whole = await client.getConfiguration({ keyPath: [] });
  expect(whole.componentName).toBe(NAME);
  expect(whole.value).toMatchObject({ TopK: 5, thresholds: { min: 0.2 }, ImageRoots: ['/a', '/b'] });
  expect((await client.getConfiguration({ keyPath: ['thresholds'] })).value).toEqual({ min: 0.2 });
  expect((await client.getConfiguration({ keyPath: ['TopK'] })).value).toEqual({ TopK: 5 });
  expect(await errorCodeOf(client.getConfiguration({ keyPath: ['missing'] }))).toBe('ResourceNotFoundError');
  expect(await errorCodeOf(client.getConfiguration({ componentName: 'com.example.None', keyPath: [] }))).toBe(
    'ResourceNotFoundError',
  );
});

test('UpdateConfiguration merges into the own configuration and fires update events', async () => {
  const { recorder } = await record(client.subscribeToConfigurationUpdate({ keyPath: [] }));
  await client.updateConfiguration({
    keyPath: ['thresholds'],
    valueToMerge: { min: 0.3, max: 0.9 },
    timestamp: new Date(),
  });
  const events = await recorder.waitForCount(2);
  expect(events.map((event) => event.configurationUpdateEvent)).toEqual([
    { componentName: NAME, keyPath: ['thresholds', 'min'] },
    { componentName: NAME, keyPath: ['thresholds', 'max'] },
  ]);
  expect((await client.getConfiguration({ keyPath: ['thresholds'] })).value).toEqual({ min: 0.3, max: 0.9 });
});

test('a subscription to one key sees changes below it only, including changes made by the core', async () => {
  const { recorder } = await record(client.subscribeToConfigurationUpdate({ keyPath: ['thresholds'] }));
  harness.server.configuration.merge(NAME, [], { TopK: 3 });
  harness.server.configuration.merge(NAME, ['thresholds'], { min: 0.5 });
  const [event] = await recorder.waitForCount(1);
  expect(event?.configurationUpdateEvent?.keyPath).toEqual(['thresholds', 'min']);
  // The change to TopK came first and was not reported to this subscription.
  expect(recorder.events).toHaveLength(1);
});

test('UpdateConfiguration refuses accessControl and stale timestamps with the nucleus errors', async () => {
  expect(
    await errorCodeOf(
      client.updateConfiguration({ keyPath: [], valueToMerge: { accessControl: {} }, timestamp: new Date() }),
    ),
  ).toBe('InvalidArgumentsError');
  await client.updateConfiguration({
    keyPath: ['thresholds'],
    valueToMerge: { min: 0.4 },
    timestamp: new Date(),
  });
  const stale = new Date(Date.now() - 60_000);
  expect(
    await errorCodeOf(
      client.updateConfiguration({ keyPath: ['thresholds'], valueToMerge: { min: 0.1 }, timestamp: stale }),
    ),
  ).toBe('FailedUpdateConditionCheckError');
  expect((await client.getConfiguration({ keyPath: ['thresholds', 'min'] })).value).toEqual({ min: 0.4 });
});

test('subscribing to configuration that does not exist is a ResourceNotFoundError', async () => {
  expect(await errorCodeOf(client.subscribeToConfigurationUpdate({ keyPath: ['nope'] }).activate())).toBe(
    'ResourceNotFoundError',
  );
});
