// Local publish/subscribe through the unmodified SDK client (in-process: nothing here depends on
// process separation): wildcards, receiveMode, authorization, ordering, live policy changes.

import { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { type Harness, type SdkClient, startHarness } from '../helpers/ipc-harness.ts';
import { errorCodeOf, record } from '../helpers/recorder.ts';

const { ReceiveMode } = greengrasscoreipc.model;
type Message = greengrasscoreipc.model.SubscriptionResponseMessage;

let harness: Harness;
beforeEach(async () => {
  harness = await startHarness();
});
afterEach(async () => {
  await harness.close();
});

function publishJson(client: SdkClient, topic: string, message: Record<string, unknown>) {
  return client.publishToTopic({ topic, publishMessage: { jsonMessage: { message } } });
}

function topicOf(message: Message): string | undefined {
  return message.jsonMessage?.context?.topic ?? message.binaryMessage?.context?.topic;
}

test('a wildcard subscription receives exactly the matching topics, with the concrete topic in context', async () => {
  const watcher = await harness.connect(
    harness.addComponent('com.example.Watcher', { subscribe: ['local/*'] }),
  );
  const sender = await harness.connect(harness.addComponent('com.example.Sender', { publish: ['*'] }));
  const plus = await record(watcher.subscribeToTopic({ topic: 'local/+' }));
  const hash = await record(watcher.subscribeToTopic({ topic: 'local/#' }));

  for (const topic of ['local/inference', 'local/a/b', 'other/x', 'local', 'local/result']) {
    await publishJson(sender, topic, { topic });
  }
  const [lastPlus] = (await plus.recorder.waitForCount(2)).slice(-1);
  await hash.recorder.waitForCount(3);
  expect(lastPlus && topicOf(lastPlus)).toBe('local/result');
  expect(plus.recorder.events.map(topicOf)).toEqual(['local/inference', 'local/result']);
  expect(hash.recorder.events.map(topicOf)).toEqual(['local/inference', 'local/a/b', 'local/result']);
});

test('RECEIVE_MESSAGES_FROM_OTHERS suppresses own messages; RECEIVE_ALL_MESSAGES keeps them', async () => {
  const token = harness.addComponent('com.example.Echo', {
    publish: ['local/echo'],
    subscribe: ['local/echo'],
  });
  const client = await harness.connect(token);
  const secondConnection = await harness.connect(token);
  const other = await harness.connect(harness.addComponent('com.example.Other', { publish: ['local/echo'] }));
  const fromOthers = await record(
    client.subscribeToTopic({ topic: 'local/echo', receiveMode: ReceiveMode.RECEIVE_MESSAGES_FROM_OTHERS }),
  );
  const all = await record(
    client.subscribeToTopic({ topic: 'local/echo', receiveMode: ReceiveMode.RECEIVE_ALL_MESSAGES }),
  );

  await publishJson(client, 'local/echo', { from: 'self' });
  await publishJson(secondConnection, 'local/echo', { from: 'self, other connection' });
  await publishJson(other, 'local/echo', { from: 'other' });

  await all.recorder.waitForCount(3);
  await fromOthers.recorder.waitForCount(1);
  expect(all.recorder.events.map((m) => m.jsonMessage?.message?.from)).toEqual([
    'self',
    'self, other connection',
    'other',
  ]);
  // "Self" is the component name, not the connection (docs/ipc-protocol.md#local-publishsubscribe).
  expect(fromOthers.recorder.events.map((m) => m.jsonMessage?.message?.from)).toEqual(['other']);
});

// One retry, bounded: the SDK can leave a refused subscription's activate() pending under load
// (docs/ipc-protocol.md#js-client-behaviour); a server that answers wrongly fails both tries.
test('unauthorized publish and subscribe raise UnauthorizedError and leave the connection usable', {
  retry: 1,
  timeout: 10_000,
}, async () => {
  const client = await harness.connect(
    harness.addComponent('com.custom.requester', { publish: ['local/inference'], subscribe: ['local/+'] }),
  );
  expect(await errorCodeOf(publishJson(client, 'local/forbidden', { x: 1 }))).toBe('UnauthorizedError');
  expect(await errorCodeOf(client.subscribeToTopic({ topic: 'local/secret' }).activate())).toBe(
    'UnauthorizedError',
  );
  // `+` in a policy is literal: local/+ allows the filter "local/+" but not "local/#" (docs/ipc-protocol.md#pubsub-authorization).
  expect(await errorCodeOf(client.subscribeToTopic({ topic: 'local/#' }).activate())).toBe(
    'UnauthorizedError',
  );
  expect(await errorCodeOf(publishJson(client, 'local/inference', { ok: true }))).toBe('no error');
  expect(harness.logger.named('ipc-authorization-denied')).toHaveLength(3);
});

test('a policy change applies to the next call without reconnecting', async () => {
  const name = 'com.example.Late';
  const client = await harness.connect(harness.addComponent(name, { publish: ['local/a'] }));
  expect(await errorCodeOf(publishJson(client, 'local/b', {}))).toBe('UnauthorizedError');
  harness.server.configuration.merge(name, ['accessControl', 'aws.greengrass.ipc.pubsub'], {
    [`${name}:pubsub:9`]: { operations: ['*'], resources: ['local/b'] },
  });
  expect(await errorCodeOf(publishJson(client, 'local/b', {}))).toBe('no error');
});

test('1000 concurrent publishes from one client reach a subscriber in order, none lost', async () => {
  const subscriber = await harness.connect(
    harness.addComponent('com.example.Sink', { subscribe: ['local/seq'] }),
  );
  const publisher = await harness.connect(
    harness.addComponent('com.example.Source', { publish: ['local/seq'] }),
  );
  const { recorder } = await record(subscriber.subscribeToTopic({ topic: 'local/seq' }));
  const count = 1000;
  await Promise.all(Array.from({ length: count }, (_, seq) => publishJson(publisher, 'local/seq', { seq })));
  const received = await recorder.waitForCount(count);
  expect(received.map((m) => m.jsonMessage?.message?.seq)).toEqual(
    Array.from({ length: count }, (_, seq) => seq),
  );
});

test('a closed subscription stops receiving and is removed', async () => {
  const client = await harness.connect(
    harness.addComponent('com.example.Closer', { publish: ['local/c'], subscribe: ['local/c'] }),
  );
  const { recorder, operation } = await record(client.subscribeToTopic({ topic: 'local/c' }));
  await publishJson(client, 'local/c', { n: 1 });
  await recorder.waitForCount(1);
  expect(harness.server.subscriptionCount()).toBe(1);
  await operation.close();
  // The server handles a connection's frames in order: once this publish is answered, the
  // subscription's terminate (sent before it) has been processed.
  const probe = await record(client.subscribeToTopic({ topic: 'local/c' }));
  await publishJson(client, 'local/c', { n: 2 });
  await probe.recorder.waitForCount(1);
  expect(harness.server.subscriptionCount()).toBe(1);
  expect(recorder.events).toHaveLength(1);
});
