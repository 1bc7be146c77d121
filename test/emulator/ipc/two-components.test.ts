// Two components, each the unmodified SDK client in its own process, exchange JSON and binary
// messages through the server on local/inference and local/result.

import { afterAll, beforeAll, expect, test } from 'vitest';
import { ComponentProcess } from '../helpers/component-process.ts';
import { type Harness, startHarness } from '../helpers/ipc-harness.ts';

let harness: Harness;
let classifier: ComponentProcess;
let requester: ComponentProcess;

beforeAll(async () => {
  harness = await startHarness();
  const classifierToken = harness.addComponent('com.custom.ImageClassifier', {
    subscribe: ['local/inference'],
    publish: ['local/result'],
  });
  const requesterToken = harness.addComponent('com.custom.requester', {
    publish: ['local/inference'],
    subscribe: ['local/result'],
  });
  classifier = new ComponentProcess(harness.server.socketPath, classifierToken);
  requester = new ComponentProcess(harness.server.socketPath, requesterToken);
  expect((await Promise.all([classifier.connect(), requester.connect()])).map((line) => line.event)).toEqual([
    'connected',
    'connected',
  ]);
  await classifier.request({ op: 'subscribe', id: 'requests', topic: 'local/inference' }, [
    'subscribed',
    'failed',
  ]);
  await requester.request({ op: 'subscribe', id: 'results', topic: 'local/result' }, [
    'subscribed',
    'failed',
  ]);
});

afterAll(async () => {
  await Promise.all([classifier?.exit(), requester?.exit()]);
  await harness?.close();
});

const EVERY_BYTE = Buffer.from(Array.from({ length: 256 }, (_, value) => value));

test('a JSON request reaches the classifier unchanged, with context.topic', async () => {
  const request = {
    id: 'req-1',
    image_dir: '/tmp/images',
    fname: 'pelican.jpeg',
    nested: { topK: 5, ok: true },
  };
  await requester.request({ op: 'publish', id: 'p1', topic: 'local/inference', json: request }, [
    'published',
    'failed',
  ]);
  const received = await classifier.waitFor((line) => line.event === 'message' && line.id === 'requests');
  expect(received.topic).toBe('local/inference');
  expect(received.json).toEqual(request);
});

test('binary messages arrive byte-identical in both directions', async () => {
  const inference = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), EVERY_BYTE]);
  await requester.request(
    { op: 'publish', id: 'p2', topic: 'local/inference', binaryBase64: inference.toString('base64') },
    ['published'],
  );
  const atClassifier = await classifier.waitFor(
    (line) => line.id === 'requests' && line.binaryBase64 !== undefined,
  );
  expect(Buffer.from(atClassifier.binaryBase64 as string, 'base64').equals(inference)).toBe(true);
  expect(atClassifier.topic).toBe('local/inference');

  const reply = Buffer.from(JSON.stringify({ id: 'req-1', status: 'ok', label: 'pelican' }));
  await classifier.request(
    { op: 'publish', id: 'r1', topic: 'local/result', binaryBase64: reply.toString('base64') },
    ['published'],
  );
  const atRequester = await requester.waitFor(
    (line) => line.id === 'results' && line.binaryBase64 !== undefined,
  );
  expect(Buffer.from(atRequester.binaryBase64 as string, 'base64').equals(reply)).toBe(true);
  expect(atRequester.topic).toBe('local/result');
});

test('a JSON reply reaches the requester with context.topic local/result', async () => {
  const reply = { id: 'req-2', status: 'ok', top: [{ index: 144, label: 'pelican', probability: 0.9977 }] };
  await classifier.request({ op: 'publish', id: 'r2', topic: 'local/result', json: reply }, ['published']);
  const received = await requester.waitFor((line) => line.id === 'results' && line.json !== undefined);
  expect(received).toMatchObject({ topic: 'local/result', json: reply });
});

test('a component that dies mid-subscription leaves no subscription behind', async () => {
  const token = harness.addComponent('com.example.Doomed', { subscribe: ['local/*'] });
  const doomed = new ComponentProcess(harness.server.socketPath, token);
  expect((await doomed.connect()).event).toBe('connected');
  const before = harness.server.subscriptionCount();
  await doomed.request({ op: 'subscribe', id: 'a', topic: 'local/result' }, ['subscribed']);
  await doomed.request({ op: 'subscribe', id: 'b', topic: 'local/#' }, ['subscribed']);
  expect(harness.server.subscriptionCount()).toBe(before + 2);

  const closed = harness.logger.waitFor(
    (event) =>
      event.event === 'ipc-client-disconnected' && event.context?.componentName === 'com.example.Doomed',
  );
  doomed.kill();
  await doomed.exited;
  await closed;
  expect(harness.server.subscriptionCount()).toBe(before);

  // The survivors still talk.
  await classifier.request({ op: 'publish', id: 'r3', topic: 'local/result', json: { after: 'kill' } }, [
    'published',
  ]);
  await requester.waitFor(
    (line) => line.id === 'results' && (line.json as { after?: string })?.after === 'kill',
  );
});
