// Wire-level abuse from raw sockets: each bad connection is dropped alone, with a log line
// naming the failed check, while an SDK client on another connection keeps working.

import type { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { prelude } from '../helpers/frames.ts';
import { type Harness, type SdkClient, startHarness } from '../helpers/ipc-harness.ts';
import {
  bodyText,
  connectFrame,
  encode,
  messageType,
  RawClient,
  rpcHeaders,
  text,
} from '../helpers/raw-client.ts';
import { type Recorder, record } from '../helpers/recorder.ts';

let harness: Harness;
let token: string;
let bystander: SdkClient;
let bystanderMessages: Recorder<greengrasscoreipc.model.SubscriptionResponseMessage>;

beforeAll(async () => {
  harness = await startHarness({
    limits: { maxFrameBytes: 64 * 1024, maxPendingWriteBytesPerConnection: 128 * 1024 },
  });
  token = harness.addComponent('com.example.Raw', { publish: ['local/*'], subscribe: ['local/*'] });
  bystander = await harness.connect(
    harness.addComponent('com.example.Bystander', { publish: ['*'], subscribe: ['*'] }),
  );
  bystanderMessages = (await record(bystander.subscribeToTopic({ topic: 'local/alive' }))).recorder;
});
afterAll(async () => {
  await harness.close();
});

let sequence = 0;
/** The bystander's subscription still delivers and a brand-new SDK client can connect. */
async function expectOthersUnharmed(): Promise<void> {
  sequence += 1;
  await bystander.publishToTopic({
    topic: 'local/alive',
    publishMessage: { jsonMessage: { message: { sequence } } },
  });
  const events = await bystanderMessages.waitForCount(sequence);
  expect(events.at(-1)?.jsonMessage?.message).toEqual({ sequence });
  const fresh = await harness.connect(token);
  await fresh.close();
}

function pseudoRandomBytes(count: number, seed: number): Buffer {
  const bytes = Buffer.alloc(count);
  let state = seed;
  for (let index = 0; index < count; index += 1) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

function withFlippedByte(frame: Uint8Array, offset: number): Buffer {
  const copy = Buffer.from(frame);
  copy[offset] = (copy[offset] ?? 0) ^ 0xff;
  return copy;
}

const GARBAGE: ReadonlyArray<readonly [string, () => Uint8Array | string, string]> = [
  ['random bytes', () => pseudoRandomBytes(4096, 7), 'PRELUDE_CRC_MISMATCH'],
  ['a frame with a bad message CRC', () => withFlippedByte(connectFrame('x'), 30), 'MESSAGE_CRC_MISMATCH'],
  ['an absurd length', () => prelude(2 ** 31, 0), 'FRAME_TOO_LARGE'],
  ['a length below the minimum', () => prelude(8, 0), 'FRAME_TOO_SHORT'],
  ['a header length past the frame', () => prelude(40, 100), 'HEADER_LENGTH_INVALID'],
  ['HTTP text', () => 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n', 'PRELUDE_CRC_MISMATCH'],
];

for (const [what, garbage, code] of GARBAGE) {
  test(`${what} before the handshake drops only that connection (${code})`, async () => {
    const raw = await RawClient.open(harness.server.socketPath);
    const loggedBefore = harness.logger.events.length;
    raw.send(garbage());
    await raw.closed;
    // This connection's own reason: an earlier case may have logged the same code.
    await harness.logger.waitFor((event) => event.message?.includes(`(${code})`) === true, loggedBefore);
    await expectOthersUnharmed();
  });
}

test('garbage after the handshake gets a ProtocolError naming the check, then a close', async () => {
  const raw = await RawClient.open(harness.server.socketPath);
  expect(await raw.handshake(token)).toBe(1);
  raw.send(pseudoRandomBytes(512, 99));
  const error = await raw.waitForFrame((frame) => messageType(frame) === 6);
  expect(JSON.parse(bodyText(error)).message).toMatch(/PRELUDE_CRC_MISMATCH/);
  await raw.closed;
  await expectOthersUnharmed();
});

test('a frame over maxFrameBytes is refused from its prelude, without buffering the body', async () => {
  const raw = await RawClient.open(harness.server.socketPath);
  expect(await raw.handshake(token)).toBe(1);
  raw.send(prelude(64 * 1024 + 1, 0));
  const error = await raw.waitForFrame((frame) => messageType(frame) === 6);
  expect(JSON.parse(bodyText(error)).message).toMatch(/FRAME_TOO_LARGE.*65537.*65536/);
  await raw.closed;
  await expectOthersUnharmed();
});

test('a truncated frame followed by the peer going away closes just that connection', async () => {
  const raw = await RawClient.open(harness.server.socketPath);
  const frame = connectFrame(token);
  raw.send(frame.subarray(0, frame.length - 10));
  raw.end();
  await raw.closed;
  await expectOthersUnharmed();
});

test('protocol violations get a ProtocolError and a close (docs/ipc-protocol.md#stream-ids, docs/ipc-protocol.md#handshake)', async () => {
  const cases: ReadonlyArray<readonly [string, Uint8Array[]]> = [
    [
      'an operation before Connect',
      [encode(rpcHeaders(0, 0, 1, { operation: text('aws.greengrass#PublishToTopic') }), '{}')],
    ],
    [
      'a stream id that skips ahead',
      [connectFrame(token), encode(rpcHeaders(0, 0, 5, { operation: text('x#Y') }), '{}')],
    ],
    ['a new stream without operation', [connectFrame(token), encode(rpcHeaders(0, 0, 1), '{}')]],
    ['a second Connect', [connectFrame(token), connectFrame(token)]],
    ['a stream message on stream 0', [connectFrame(token), encode(rpcHeaders(0, 0, 0), '{}')]],
    [
      'a missing :stream-id',
      [
        connectFrame(token),
        encode({
          ':message-type': { type: 'integer', value: 2 },
          ':message-flags': { type: 'integer', value: 0 },
        }),
      ],
    ],
  ];
  for (const [what, frames] of cases) {
    const raw = await RawClient.open(harness.server.socketPath);
    for (const frame of frames) raw.send(frame);
    await raw.closed;
    const types = raw.frames.map(messageType);
    expect(
      types.filter((type) => type !== 5),
      what,
    ).toEqual(types[0] === 5 ? [6] : []);
  }
  await expectOthersUnharmed();
});

test('Ping is answered with its own headers and payload; crossed closes are ignored', async () => {
  const raw = await RawClient.open(harness.server.socketPath);
  expect(await raw.handshake(token)).toBe(1);
  raw.send(encode(rpcHeaders(2, 0, 0, { 'x-note': text('hello') }), 'ping-payload'));
  const pong = await raw.waitForFrame((frame) => messageType(frame) === 3);
  expect(pong.headers['x-note']?.value).toBe('hello');
  expect(bodyText(pong)).toBe('ping-payload');

  raw.send(
    encode(
      rpcHeaders(0, 0, 1, { operation: text('aws.greengrass#PublishToTopic') }),
      JSON.stringify({
        topic: 'local/x',
        publishMessage: { jsonMessage: { message: { a: 1 } } },
      }),
    ),
  );
  const response = await raw.waitForFrame((frame) => frame.headers[':stream-id']?.value === 1);
  expect(response.headers['service-model-type']?.value).toBe('aws.greengrass#PublishToTopicResponse');
  raw.send(encode(rpcHeaders(0, 2, 1))); // terminate on a stream the server already closed: ignored
  raw.send(encode(rpcHeaders(0, 0, 2, { operation: text('aws.greengrass#NoSuchThing') }), '{}'));
  const unsupported = await raw.waitForFrame((frame) => frame.headers[':stream-id']?.value === 2);
  expect(messageType(unsupported)).toBe(1);
  expect(JSON.parse(bodyText(unsupported))).toEqual({
    error: 'Unsupported Operation',
    message: 'aws.greengrass#NoSuchThing is an unsupported operation.',
  });
  raw.send(encode(rpcHeaders(0, 0, 3, { operation: text('aws.greengrass#PublishToTopic') }), '[1,2]'));
  const shapeError = await raw.waitForFrame((frame) => frame.headers[':stream-id']?.value === 3);
  expect([messageType(shapeError), shapeError.headers[':content-type']?.value, bodyText(shapeError)]).toEqual(
    [1, 'text/plain', 'InternalServerError'],
  );
  raw.destroy();
});

test('a subscriber that stops reading is dropped with a logged reason; the publisher carries on', async () => {
  const raw = await RawClient.open(harness.server.socketPath);
  expect(await raw.handshake(token)).toBe(1);
  raw.send(
    encode(
      rpcHeaders(0, 0, 1, { operation: text('aws.greengrass#SubscribeToTopic') }),
      '{"topic":"local/flood"}',
    ),
  );
  await raw.waitForFrame((frame) => frame.headers[':stream-id']?.value === 1);
  raw.pause();
  const dropped = harness.logger.waitFor((event) => event.message?.includes('(SLOW_CONSUMER)') === true);
  const message = { blob: 'x'.repeat(8 * 1024) };
  let published = 0;
  let isDropped = false;
  void dropped.then(() => {
    isDropped = true;
  });
  // Kernel socket buffers absorb the first few hundred KiB; keep publishing until the drop.
  while (!isDropped && published < 2000) {
    await bystander.publishToTopic({ topic: 'local/flood', publishMessage: { jsonMessage: { message } } });
    published += 1;
  }
  expect(isDropped).toBe(true);
  raw.resume(); // a paused socket does not notice the server's close
  await raw.closed;
  expect(harness.server.subscriptionCount()).toBe(1); // only the bystander's
  await expectOthersUnharmed();
});
