// com.custom.ImageClassifier as a real process on the real IPC server, driven by the
// unmodified SDK client: request forms, bad requests, live configuration, reconnection.
import { copyFile, mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type Harness, startHarness } from '../emulator/helpers/ipc-harness.ts';
import { NodeComponent, REPO_ROOT } from '../helpers/node-component.ts';
import { ReplyCollector } from '../helpers/reply-collector.ts';

const CLASSIFIER = 'com.custom.ImageClassifier';
const PHOTOS = path.join(REPO_ROOT, 'models/files');

let harness: Harness;
let classifier: NodeComponent;
let client: greengrasscoreipc.Client;
let replies: ReplyCollector;
/** Every collector this file started (the reconnect test starts a second one). */
const collectors: ReplyCollector[] = [];
const collectReplies = async (): Promise<ReplyCollector> => {
  const collector = await ReplyCollector.start(client);
  collectors.push(collector);
  return collector;
};
let images: string;
let outside: string;
let seq = 0;

async function recipeDefaults(): Promise<Record<string, unknown>> {
  const recipe = parse(await readFile(path.join(REPO_ROOT, 'recipes', `${CLASSIFIER}.yaml`), 'utf8'));
  return recipe.ComponentConfiguration.DefaultConfiguration;
}

async function send(message: { json?: unknown; binary?: Buffer | string }): Promise<void> {
  const publishMessage =
    message.json !== undefined
      ? { jsonMessage: { message: message.json } }
      : { binaryMessage: { message: message.binary } };
  await client.publishToTopic({ topic: 'local/inference', publishMessage });
}

/** Sends a full-form request with a fresh id and returns its reply. */
async function classifyPath(file: string, extra: Record<string, unknown> = {}) {
  const id = `t-${++seq}`;
  await send({ json: { id, image: { path: file }, ...extra } });
  return replies.waitFor(id);
}

beforeAll(async () => {
  harness = await startHarness();
  const base = await mkdtemp(path.join(harness.directory, 'img-'));
  images = path.join(base, 'images');
  outside = path.join(base, 'outside');
  await mkdir(images);
  await mkdir(outside);
  for (const photo of ['pelican.jpeg', 'macaw.jpg'])
    await copyFile(path.join(PHOTOS, photo), path.join(images, photo));
  await copyFile(path.join(PHOTOS, 'cat.jpeg'), path.join(outside, 'cat.jpeg'));
  await symlink(path.join(outside, 'cat.jpeg'), path.join(images, 'escape.jpeg'));
  await writeFile(path.join(images, 'notes.jpg'), 'this is a text file, not a JPEG\n');

  const defaults = await recipeDefaults();
  harness.server.configuration.replace(CLASSIFIER, {
    ...defaults,
    // A second request topic the classifier may use, for the configuration tests.
    accessControl: {
      'aws.greengrass.ipc.pubsub': {
        ...(defaults.accessControl as Record<string, Record<string, unknown>>)['aws.greengrass.ipc.pubsub'],
        'test:other-topic': { operations: ['aws.greengrass#SubscribeToTopic'], resources: ['local/other'] },
      },
    },
    ImageRoots: [images],
  } as never);
  const token = harness.server.tokens.issue(CLASSIFIER);
  const running = new Promise<void>((resolve) =>
    harness.server.onStateReported(
      (component, state) => component === CLASSIFIER && state === 'RUNNING' && resolve(),
    ),
  );
  classifier = new NodeComponent('components/classifier/main.ts', {
    SVCUID: token,
    AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT: harness.server.socketPath,
    MODELS_DIR: path.join(REPO_ROOT, 'models'),
  });
  const testToken = harness.addComponent('test.client', {
    publish: ['local/inference'],
    subscribe: ['local/result'],
  });
  client = await harness.connect(testToken);
  replies = await collectReplies();
  await running;
}, 60_000);

afterAll(async () => {
  await classifier?.stop();
  await harness?.close();
});

afterEach(() => {
  expect(collectors.flatMap((collector) => collector.invalid)).toEqual([]);
});

/** Waits for the classifier's next line matching `msg` after line `from`. */
const nextLine = (msg: string, from: number) =>
  classifier.waitFor((line) => line.msg === msg && classifier.lines.indexOf(line) >= from);

/** Merges `change` and waits until the classifier has put it in force. */
async function configure(change: Record<string, unknown>): Promise<void> {
  const from = classifier.lines.length;
  harness.server.configuration.merge(CLASSIFIER, [], change as never, Date.now());
  await nextLine('configuration applied', from);
}

describe('com.custom.ImageClassifier over IPC', () => {
  it('answers the seed request text sent as a binary message, as greengrass-cli pubsub pub does', async () => {
    const before = replies.all.length;
    await send({ binary: JSON.stringify({ image_dir: images, fname: 'pelican.jpeg' }) });
    const reply = await replies.waitFor((r) => replies.all.indexOf(r) >= before);
    expect(reply).toMatchObject({ status: 'ok', label: 'pelican', index: 144 });
    expect(reply.status === 'ok' && reply.probability).toBeGreaterThan(0.9);
    await classifier.waitForMessage('result: pelican');
    await classifier.waitFor((line) => line.msg === 'request' && String(line.image).endsWith('pelican.jpeg'));
  });

  it('answers the full form as a JSON message, and inline image bytes', async () => {
    const reply = await classifyPath(path.join(images, 'macaw.jpg'));
    expect(reply).toMatchObject({ status: 'ok', index: 88 });
    const before = replies.all.length;
    await send({ binary: await readFile(path.join(images, 'pelican.jpeg')) });
    const inline = await replies.waitFor((r) => replies.all.indexOf(r) >= before);
    expect(inline).toMatchObject({ status: 'ok', index: 144 });
  });

  it.each([
    ['invalid JSON', { binary: '{"image_dir": "/x", ' }, 'INVALID_REQUEST'],
    ['missing fields', { json: { id: 'missing', image_dir: '/x' } }, 'INVALID_REQUEST'],
    [
      'an unknown file',
      { json: { id: 'unknown', image_dir: '<images>', fname: 'nope.jpeg' } },
      'IMAGE_NOT_FOUND',
    ],
    [
      'a path outside ImageRoots',
      { json: { id: 'outside', image: { path: '<outside>/cat.jpeg' } } },
      'PATH_NOT_ALLOWED',
    ],
    [
      'a symlink out of ImageRoots',
      { json: { id: 'symlink', image_dir: '<images>', fname: 'escape.jpeg' } },
      'PATH_NOT_ALLOWED',
    ],
    [
      'a `..` escape',
      { json: { id: 'dotdot', image_dir: '<images>', fname: '../outside/cat.jpeg' } },
      'PATH_NOT_ALLOWED',
    ],
    ['a non-image', { json: { id: 'text', image_dir: '<images>', fname: 'notes.jpg' } }, 'UNSUPPORTED_IMAGE'],
  ])('answers %s with its code and keeps serving', async (_name, message, code) => {
    const substitute = (value: unknown): unknown =>
      JSON.parse(JSON.stringify(value).replaceAll('<images>', images).replaceAll('<outside>', outside));
    const before = replies.all.length;
    await send('json' in message ? { json: substitute(message.json) } : message);
    const reply = await replies.waitFor((r) => replies.all.indexOf(r) >= before);
    expect(reply.status === 'error' && reply.error.code).toBe(code);
    expect(await classifyPath(path.join(images, 'pelican.jpeg'))).toMatchObject({ status: 'ok', index: 144 });
  });

  it('applies a TopK configuration update without a restart', async () => {
    const pid = classifier.pid;
    await configure({ TopK: 2 });
    try {
      const reply = await classifyPath(path.join(images, 'pelican.jpeg'));
      expect(reply.status === 'ok' && reply.top).toHaveLength(2);
      expect(classifier.pid).toBe(pid);
    } finally {
      await configure({ TopK: 5 });
    }
  });

  it('applies a MaxImageBytes change to the next request without restarting the model', async () => {
    const from = classifier.lines.length;
    await configure({ MaxImageBytes: 1_000 });
    try {
      const reply = await classifyPath(path.join(images, 'pelican.jpeg'));
      expect(reply.status === 'error' && reply.error.code).toBe('IMAGE_TOO_LARGE');
    } finally {
      await configure({ MaxImageBytes: 20 * 1024 * 1024 });
    }
    expect(await classifyPath(path.join(images, 'pelican.jpeg'))).toMatchObject({ status: 'ok', index: 144 });
    const since = classifier.lines.slice(from).map((line) => line.msg);
    expect(since).not.toContain('model loaded and warmed up');
    expect(since).not.toContain('inference worker ready');
  });

  it('keeps the previous configuration whole when an update cannot be applied', async () => {
    const from = classifier.lines.length;
    harness.server.configuration.merge(
      CLASSIFIER,
      [],
      {
        ModelCard: path.join(images, 'no-such-card.json'),
        TopK: 2,
        MaxImageBytes: 1_000,
        RequestTopic: 'local/other',
      } as never,
      Date.now(),
    );
    const refused = await nextLine(
      'could not apply the configuration change; the previous configuration stays in force',
      from,
    );
    expect(refused.code).toBe('CARD_UNREADABLE');
    try {
      // Still subscribed to local/inference, with the old TopK and MaxImageBytes.
      const reply = await classifyPath(path.join(images, 'pelican.jpeg'));
      expect(reply).toMatchObject({ status: 'ok', index: 144 });
      expect(reply.status === 'ok' && reply.top).toHaveLength(5);
    } finally {
      await configure({
        ModelCard: 'mobilenetv2-12-int8',
        TopK: 5,
        MaxImageBytes: 20 * 1024 * 1024,
        RequestTopic: 'local/inference',
      });
    }
    const since = classifier.lines.slice(from).map((line) => line.msg);
    expect(since).not.toContain('model loaded and warmed up');
  });

  it('applies two quick engine changes one after the other, ending on the last one', async () => {
    const from = classifier.lines.length;
    const loadedWith = (threads: number) =>
      classifier.waitFor(
        (line) =>
          line.msg === 'model loaded and warmed up' &&
          line.threads === threads &&
          classifier.lines.indexOf(line) >= from,
      );
    const second = loadedWith(2);
    const third = loadedWith(3);
    harness.server.configuration.merge(CLASSIFIER, [], { InferenceThreads: 2 }, Date.now());
    // The second change arrives while the 2-thread engine is still loading.
    await classifier.waitFor(
      (line) => line.msg === 'configuration updated' && classifier.lines.indexOf(line) >= from,
    );
    harness.server.configuration.merge(CLASSIFIER, [], { InferenceThreads: 3 }, Date.now());
    const [two, three] = await Promise.all([second, third]);
    // The 3-thread engine started loading only once the 2-thread one was ready (not both at once,
    // where either could be installed last and the other never retired).
    const gapMs = Date.parse(String(three.time)) - Date.parse(String(two.time));
    expect(gapMs).toBeGreaterThanOrEqual(Number(three.readyMs) - 2);
    expect(await classifyPath(path.join(images, 'macaw.jpg'))).toMatchObject({ status: 'ok', index: 88 });
    await configure({ InferenceThreads: 1 });
  });

  it('reconnects after the core drops every connection and answers the next request', async () => {
    const seen = classifier.lines.length;
    const reconnected = classifier.waitFor(
      (line) => line.msg === 'subscribed' && classifier.lines.indexOf(line) >= seen,
    );
    const dropped = harness.server.dropAllConnections('test');
    expect(dropped).toBeGreaterThanOrEqual(2);
    await reconnected;
    client = await harness.connect(harness.server.tokens.issue('test.client'));
    replies = await collectReplies();
    expect(await classifyPath(path.join(images, 'macaw.jpg'))).toMatchObject({ status: 'ok', index: 88 });
  });
});
