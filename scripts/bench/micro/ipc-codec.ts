// Micro-benchmark behind emulator/ipc/frame-codec.ts: building an outbound RPC frame with the
// library's EventStreamCodec.encode versus copying a cached header block (buildRpcFrame).
// Run: npx tsx scripts/bench/micro/ipc-codec.ts   (prints microseconds per frame; lower is better)

import type { MessageHeaders } from '@smithy/core/event-streams';
import {
  buildRpcFrame,
  decodeFrame,
  eventStreamCodec,
  rpcFrameTemplate,
} from '../../../emulator/ipc/frame-codec.ts';

const MODEL_TYPE = 'aws.greengrass#SubscriptionResponseMessage';
const template = rpcFrameTemplate({
  type: 'ApplicationMessage',
  flags: 0,
  contentType: 'application/json',
  modelType: MODEL_TYPE,
});

function libraryHeaders(streamId: number): MessageHeaders {
  return {
    ':message-type': { type: 'integer', value: 0 },
    ':message-flags': { type: 'integer', value: 0 },
    ':stream-id': { type: 'integer', value: streamId },
    ':content-type': { type: 'string', value: 'application/json' },
    'service-model-type': { type: 'string', value: MODEL_TYPE },
  };
}

function microsecondsPerCall(iterations: number, run: (index: number) => unknown): number {
  for (let index = 0; index < Math.ceil(iterations / 10); index += 1) run(index);
  const started = process.hrtime.bigint();
  for (let index = 0; index < iterations; index += 1) run(index);
  return Number(process.hrtime.bigint() - started) / 1000 / iterations;
}

const rows: string[][] = [['body bytes', 'EventStreamCodec.encode', 'buildRpcFrame', 'decodeFrame']];
for (const bodyBytes of [100, 1024, 150 * 1024]) {
  const body = Buffer.alloc(bodyBytes, 0x61);
  const iterations = bodyBytes > 100_000 ? 500 : 50_000;
  const frame = buildRpcFrame(template, 1, body);
  rows.push([
    String(bodyBytes),
    microsecondsPerCall(iterations, (index) =>
      eventStreamCodec.encode({ headers: libraryHeaders(index), body }),
    ).toFixed(2),
    microsecondsPerCall(iterations, (index) => buildRpcFrame(template, index, body)).toFixed(2),
    microsecondsPerCall(iterations, () => decodeFrame(frame)).toFixed(2),
  ]);
}
for (const row of rows) console.log(row.map((cell) => cell.padStart(24)).join(''));
