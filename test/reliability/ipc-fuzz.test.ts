// Seeded fuzzing of the IPC server's socket: mutated copies of the frames the unmodified SDK
// client sends (test/fixtures/ipc/sdk-frames.ts), frames with random RPC headers, and random
// bytes, on many raw connections, cut into random pieces. Bounded in connections and time.
// The server must not crash, must close or finish every connection (connectionCount and
// subscriptionCount return to their baseline), must never hit an internal error, and a
// well-behaved SDK client must keep working throughout.
//
// Replay a failing run: IPC_FUZZ_SEED=<seed printed in the failure> npx vitest run test/reliability/ipc-fuzz.test.ts
// Longer runs: IPC_FUZZ_CONNECTIONS=20000 IPC_FUZZ_TIME_MS=120000 (same variables).
import { randomInt } from 'node:crypto';
import { connect } from 'node:net';
import type { Message, MessageHeaders } from '@smithy/core/event-streams';
import type { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, type SdkClient, startHarness } from '../emulator/helpers/ipc-harness.ts';
import { codec, connectFrame, encode, int32, rpcHeaders, text } from '../emulator/helpers/raw-client.ts';
import { type Recorder, record } from '../emulator/helpers/recorder.ts';
import { SDK_CLIENT_FRAMES } from '../fixtures/ipc/sdk-frames.ts';
import {
  flipBits,
  hostilePayload,
  mutateFrame,
  SeededRandom,
  splitAtRandom,
} from './helpers/frame-mutator.ts';

const SEED = Number(process.env.IPC_FUZZ_SEED ?? randomInt(2 ** 31));
const MAX_CONNECTIONS = Number(process.env.IPC_FUZZ_CONNECTIONS ?? 3000);
const TIME_BUDGET_MS = Number(process.env.IPC_FUZZ_TIME_MS ?? 8000);
const PARALLEL_CONNECTIONS = 8;
/** The bystander proves it still works after every this many fuzz connections. */
const CHECK_EVERY_CONNECTIONS = 100;

const OPERATIONS = [
  'aws.greengrass#PublishToTopic',
  'aws.greengrass#SubscribeToTopic',
  'aws.greengrass#UpdateState',
  'aws.greengrass#GetConfiguration',
  'aws.greengrass#UpdateConfiguration',
  'aws.greengrass#SubscribeToConfigurationUpdate',
  'aws.greengrass#ValidateAuthorizationToken',
  'aws.greengrass#ListComponents',
  'aws.greengrass#NoSuchOperation',
  '',
  '#',
] as const;

let harness: Harness;
let token: string;
let bystander: SdkClient;
let bystanderMessages: Recorder<greengrasscoreipc.model.SubscriptionResponseMessage>;
let seeds: Buffer[];
/** The SDK's operation frames (Publish, Subscribe), decoded, as templates. */
let operations: Message[];

beforeAll(async () => {
  harness = await startHarness({ limits: { handshakeTimeoutMs: 2000 } });
  // Publishing is limited to local/*, so no fuzzed publish can reach the bystander's topic.
  token = harness.addComponent('fuzz.client', { publish: ['local/*'], subscribe: ['*'] });
  bystander = await harness.connect(
    harness.addComponent('fuzz.bystander', { publish: ['fuzz/alive'], subscribe: ['fuzz/alive'] }),
  );
  bystanderMessages = (await record(bystander.subscribeToTopic({ topic: 'fuzz/alive' }))).recorder;
  // The SDK's frames, with the capture's token swapped for a valid one so fuzzed sessions get
  // past the handshake; the captured Connect (unknown token) stays as a seed too.
  seeds = [
    Buffer.from(connectFrame(token)),
    ...SDK_CLIENT_FRAMES.map((frame) => Buffer.from(frame.hex, 'hex')),
  ];
  operations = seeds
    .map((seed) => codec.decode(seed))
    .filter((message) => message.headers.operation !== undefined);
}, 30_000);

afterAll(async () => {
  await harness?.close();
});

/** One frame with random RPC headers around a valid or hostile payload. */
function randomRpcFrame(random: SeededRandom): Buffer {
  const extra: MessageHeaders = {};
  if (random.chance(0.7)) extra.operation = text(random.pick(OPERATIONS));
  if (random.chance(0.1)) extra[':version'] = text(random.pick(['0.1.0', '9.9.9', '']));
  if (random.chance(0.1)) extra['service-model-type'] = text('aws.greengrass#PublishToTopicRequest');
  return Buffer.from(
    encode(rpcHeaders(random.below(16), random.below(4), random.below(6) - 1, extra), hostilePayload(random)),
  );
}

/**
 * A well-formed request on the next stream id: one of the SDK's operation frames, its payload
 * kept, replaced by a hostile one, or bit-flipped; or a random known operation.
 */
function operationFrame(random: SeededRandom, streamId: number): Buffer {
  const seed = random.pick(operations);
  const headers: MessageHeaders = { ...seed.headers, ':stream-id': int32(streamId) };
  if (random.chance(0.2)) headers.operation = text(random.pick(OPERATIONS));
  const roll = random.next();
  const body =
    roll < 0.4
      ? Buffer.from(seed.body)
      : roll < 0.8
        ? hostilePayload(random)
        : flipBits(Buffer.from(seed.body), random);
  return Buffer.from(encode(headers, body));
}

/** The bytes one fuzz connection sends, and a label saying how they were made. */
function fuzzSession(random: SeededRandom): { label: string; bytes: Buffer } {
  if (random.chance(0.1)) return { label: 'random bytes', bytes: random.bytes(1 + random.below(2048)) };
  const parts: Buffer[] = [];
  const labels: string[] = [];
  const connect = random.chance(0.8) ? Buffer.from(connectFrame(token)) : mutateFrame(seeds, random).bytes;
  parts.push(connect);
  labels.push('connect');
  let streamId = 0;
  for (let frames = 1 + random.below(6); frames > 0; frames--) {
    const roll = random.next();
    if (roll < 0.55) {
      parts.push(operationFrame(random, ++streamId));
      labels.push('operation');
    } else if (roll < 0.65 && streamId > 0) {
      // A stream message on an open stream, e.g. the SDK's terminate-stream (flags 2).
      parts.push(
        Buffer.from(
          encode(rpcHeaders(0, random.below(4), random.below(streamId) + 1), hostilePayload(random)),
        ),
      );
      labels.push('stream-message');
    } else if (roll < 0.9) {
      const { name, bytes } = mutateFrame([operationFrame(random, ++streamId), ...seeds], random);
      parts.push(bytes);
      labels.push(name);
    } else {
      parts.push(randomRpcFrame(random));
      labels.push('random-rpc');
    }
  }
  return { label: labels.join(','), bytes: Buffer.concat(parts) };
}

/** Sends the session in random pieces, then ends (or resets) the socket; resolves on close. */
function runSession(socketPath: string, bytes: Buffer, random: SeededRandom): Promise<void> {
  const pieces = splitAtRandom(bytes, random);
  const abrupt = random.chance(0.2);
  return new Promise((resolve) => {
    const socket = connect(socketPath, () => {
      for (const piece of pieces) socket.write(piece);
      if (abrupt) socket.destroy();
      else socket.end();
    });
    socket.on('data', () => {}); // read and drop whatever the server answers
    socket.on('error', () => {}); // the server may close first; that is allowed
    socket.on('close', () => resolve());
  });
}

let aliveSequence = 0;
async function expectBystanderWorks(): Promise<void> {
  const sequence = ++aliveSequence;
  await bystander.publishToTopic({
    topic: 'fuzz/alive',
    publishMessage: { jsonMessage: { message: { sequence } } },
  });
  const events = await bystanderMessages.waitForCount(sequence);
  expect(events.at(-1)?.jsonMessage?.message).toEqual({ sequence });
}

it('survives seeded fuzzing of its socket without crashing, leaking connections or hurting a good client', async () => {
  const random = new SeededRandom(SEED);
  const { server, logger } = harness;
  const baseline = { connections: server.connectionCount(), subscriptions: server.subscriptionCount() };
  const closedBefore =
    logger.named('ipc-client-disconnected').length + logger.named('ipc-connection-refused').length;
  const deadline = performance.now() + TIME_BUDGET_MS;
  const labels = new Map<string, number>();
  let sent = 0;
  let lastLabel = '';
  try {
    while (sent < MAX_CONNECTIONS && performance.now() < deadline) {
      const batch = Array.from({ length: PARALLEL_CONNECTIONS }, () => {
        const session = fuzzSession(random);
        lastLabel = session.label;
        for (const kind of session.label.split(',')) labels.set(kind, (labels.get(kind) ?? 0) + 1);
        return runSession(server.socketPath, session.bytes, random);
      });
      await Promise.all(batch);
      sent += batch.length;
      if (sent % CHECK_EVERY_CONNECTIONS < PARALLEL_CONNECTIONS) await expectBystanderWorks();
    }
    // Every fuzz connection is closed on the server side too (each close is logged once).
    let closed = 0;
    await logger.waitFor(
      (event) =>
        (event.event === 'ipc-client-disconnected' || event.event === 'ipc-connection-refused') &&
        ++closed >= closedBefore + sent,
    );
    expect(server.connectionCount()).toBe(baseline.connections);
    expect(server.subscriptionCount()).toBe(baseline.subscriptions);
    expect(logger.named('ipc-internal-error').map((event) => event.message)).toEqual([]);
    await expectBystanderWorks();
    const fresh = await harness.connect(token);
    await fresh.publishToTopic({
      topic: 'local/fresh',
      publishMessage: { jsonMessage: { message: { fresh: true } } },
    });
    await fresh.close();
  } catch (error) {
    throw new Error(
      `IPC fuzz failed with IPC_FUZZ_SEED=${SEED} after ${sent} connections (last session: ${lastLabel}): ${(error as Error).message}`,
      { cause: error },
    );
  }
  const byEvent = new Map<string, number>();
  for (const event of logger.events) byEvent.set(event.event, (byEvent.get(event.event) ?? 0) + 1);
  const rejected = new Set(
    logger.named('ipc-client-disconnected').map((event) => /\((\w+)\)/.exec(event.message ?? '')?.[1]),
  );
  console.info(
    `IPC fuzz: seed ${SEED}, ${sent} connections in ${Math.round(TIME_BUDGET_MS - (deadline - performance.now()))} ms; ` +
      `server events ${[...byEvent].map(([k, v]) => `${k} ${v}`).join(', ')}; close reasons ${[...rejected].join(', ')}; frames ${[...labels].map(([k, v]) => `${k} ${v}`).join(', ')}`,
  );
  expect(sent).toBeGreaterThan(0);
  // The fuzz reaches past the framer: sessions authenticate and requests get to the handlers.
  expect(byEvent.get('ipc-client-connected') ?? 0).toBeGreaterThan(0);
  expect(byEvent.get('ipc-request-invalid') ?? 0).toBeGreaterThan(0);
}, 60_000);

// The decoder the raw client uses must accept the seeds as they are, or the fuzz would start from noise.
it('starts from frames that decode', () => {
  for (const seed of seeds) expect(() => codec.decode(seed)).not.toThrow();
});
