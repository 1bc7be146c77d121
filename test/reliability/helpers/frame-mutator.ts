// Seeded mutations of event-stream frames for the IPC server fuzz test (pure: no I/O). A frame
// is prelude (total length, headers length, prelude CRC), headers, payload, message CRC
// (docs/ipc-protocol.md#framing). Some mutations keep the CRCs valid so the bytes get past the
// framer and reach the header decoder, the RPC rules and the operation handlers.
import { crc32 } from 'node:zlib';

/** mulberry32: a tiny, well-distributed 32-bit PRNG; the same seed gives the same run. */
export class SeededRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, bound). */
  below(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.below(items.length)] as T;
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  bytes(count: number): Buffer {
    const out = Buffer.alloc(count);
    for (let index = 0; index < count; index++) out[index] = this.below(256);
    return out;
  }
}

const PRELUDE_BYTES = 12;
const CRC_BYTES = 4;
const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff, 0x22, 0x7b, 0x7d, 0x5c] as const;

/** Rewrites both CRCs of a frame whose length fields are left as they are (when they fit). */
export function withValidCrcs(frame: Buffer): Buffer {
  const copy = Buffer.from(frame);
  if (copy.length < PRELUDE_BYTES + CRC_BYTES) return copy;
  copy.writeUInt32BE(crc32(copy.subarray(0, 8)), 8);
  const total = copy.readUInt32BE(0);
  if (total === copy.length)
    copy.writeUInt32BE(crc32(copy.subarray(0, total - CRC_BYTES)), total - CRC_BYTES);
  return copy;
}

export type Mutation = (frame: Buffer, random: SeededRandom, others: readonly Buffer[]) => Buffer;

/** Flips 1-8 random bits anywhere (most such frames fail a CRC check). */
export function flipBits(frame: Buffer, random: SeededRandom): Buffer {
  const copy = Buffer.from(frame);
  for (let flips = 1 + random.below(8); flips > 0 && copy.length > 0; flips--) {
    const at = random.below(copy.length);
    copy[at] = (copy[at] ?? 0) ^ (1 << random.below(8));
  }
  return copy;
}

/** Each mutation is named so a failing run can say what it sent. */
export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  flipBits,
  flipBitsBehindTheCrcs(frame, random, others) {
    return withValidCrcs(inBody(flipBits, frame, random, others));
  },
  interestingByteBehindTheCrcs(frame, random) {
    const copy = Buffer.from(frame);
    if (copy.length > PRELUDE_BYTES + CRC_BYTES) {
      copy[PRELUDE_BYTES + random.below(copy.length - PRELUDE_BYTES - CRC_BYTES)] =
        random.pick(INTERESTING_BYTES);
    }
    return withValidCrcs(copy);
  },
  truncate(frame, random) {
    return frame.subarray(0, random.below(frame.length));
  },
  lieAboutTheTotalLength(frame, random) {
    const copy = Buffer.from(frame);
    const lies = [0, 1, 15, 16, copy.length - 1, copy.length + 1, copy.length * 2, 0x7fffffff, 0xffffffff];
    copy.writeUInt32BE(random.pick(lies) >>> 0, 0);
    copy.writeUInt32BE(crc32(copy.subarray(0, 8)), 8);
    return copy;
  },
  lieAboutTheHeadersLength(frame, random) {
    const copy = Buffer.from(frame);
    const headers = copy.readUInt32BE(4);
    copy.writeUInt32BE(random.pick([0, 1, headers - 1, headers + 1, copy.length, 0xffffffff]) >>> 0, 4);
    return withValidCrcs(copy);
  },
  spliceTwoFrames(frame, random, others) {
    const other = random.pick(others);
    const joined = Buffer.concat([
      frame.subarray(0, random.below(frame.length)),
      other.subarray(random.below(other.length)),
    ]);
    if (joined.length >= PRELUDE_BYTES + CRC_BYTES) joined.writeUInt32BE(joined.length, 0);
    return withValidCrcs(joined);
  },
  repeat(frame, random) {
    return Buffer.concat(Array.from({ length: 2 + random.below(3) }, () => frame));
  },
  randomPayloadBehindTheCrcs(frame, random) {
    if (frame.length < PRELUDE_BYTES + CRC_BYTES) return frame;
    const headersEnd = PRELUDE_BYTES + frame.readUInt32BE(4);
    if (headersEnd > frame.length - CRC_BYTES) return frame;
    const payload = hostilePayload(random);
    const out = Buffer.concat([frame.subarray(0, headersEnd), payload, Buffer.alloc(CRC_BYTES)]);
    out.writeUInt32BE(out.length, 0);
    return withValidCrcs(out);
  },
};

/** Applies `mutation` to the headers and payload only, leaving the prelude intact. */
function inBody(mutation: Mutation, frame: Buffer, random: SeededRandom, others: readonly Buffer[]): Buffer {
  if (frame.length <= PRELUDE_BYTES + CRC_BYTES) return mutation(frame, random, others);
  const body = mutation(frame.subarray(PRELUDE_BYTES, frame.length - CRC_BYTES), random, others);
  return Buffer.concat([frame.subarray(0, PRELUDE_BYTES), body, frame.subarray(frame.length - CRC_BYTES)]);
}

/** A payload that stresses the JSON and request-shape checks behind a valid frame. */
export function hostilePayload(random: SeededRandom): Buffer {
  return random.pick(HOSTILE_PAYLOADS)(random);
}

const HOSTILE_PAYLOADS: ReadonlyArray<(random: SeededRandom) => Buffer> = [
  (random) => random.bytes(random.below(512)),
  () => Buffer.from(''),
  () => Buffer.from('null'),
  () => Buffer.from('[]'),
  () => Buffer.from('"a string"'),
  () => Buffer.from(`${'['.repeat(50_000)}${']'.repeat(50_000)}`),
  () => Buffer.from('{"topic": 7, "publishMessage": []}'),
  () => Buffer.from('{"topic": "local/inference", "publishMessage": {"binaryMessage": {"message": "!!"}}}'),
  () => Buffer.from('{"topic": "", "publishMessage": {"jsonMessage": {"message": {}}}}'),
  () => Buffer.from('{"topic": "#", "receiveMode": "RECEIVE_MESSAGES_FROM_OTHERS"}'),
  () => Buffer.from('{"topic": "local/+/#/x"}'),
  () => Buffer.from(`{"topic": "${'a/'.repeat(5000)}"}`),
  () => Buffer.from('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
  () => Buffer.from('{"authToken": 12345}'),
  () => Buffer.from('{"keyPath": [null, 1, {}], "componentName": "\\u0000"}'),
  () => Buffer.from('{"state": "NOT_A_STATE"}'),
  () => Buffer.from('1e999999'),
  () => Buffer.from('\uFEFF{"topic":"x"}'),
];

/** A mutated copy of one of `frames`, with the name of the mutation applied. */
export function mutateFrame(
  frames: readonly Buffer[],
  random: SeededRandom,
): { name: string; bytes: Buffer } {
  const name = random.pick(Object.keys(MUTATIONS));
  const mutation = MUTATIONS[name] as Mutation;
  return { name, bytes: mutation(random.pick(frames), random, frames) };
}

/** Cuts `bytes` at 0-3 random points, so the server's framer sees partial reads. */
export function splitAtRandom(bytes: Buffer, random: SeededRandom): Buffer[] {
  const cuts = Array.from({ length: random.below(4) }, () => random.below(bytes.length + 1)).sort(
    (a, b) => a - b,
  );
  const pieces: Buffer[] = [];
  let from = 0;
  for (const cut of cuts) {
    pieces.push(bytes.subarray(from, cut));
    from = cut;
  }
  pieces.push(bytes.subarray(from));
  return pieces.filter((piece) => piece.length > 0);
}
