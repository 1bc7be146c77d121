// The memory floor of the classifier's stack: a Node process in the unpacked artifact, with the
// recipe's environment, that loads sharp, onnxruntime-node and the IPC SDK, creates the
// model's session (one thread, as the classifier does), runs it once and decodes one photo,
// and does nothing else: no worker thread, no IPC connection, no queue. Whatever the classifier
// does, its RSS cannot go below this.

/**
 * ESM source for `node --input-type=module -e`, run from the unpacked artifact's folder (which
 * holds no photos: BENCH_MEMORY_FLOOR_PHOTO names one).
 */
export const MEMORY_FLOOR_SCRIPT = `
import { readFileSync } from 'node:fs';
const sharp = (await import('sharp')).default;
const ort = (await import('onnxruntime-node')).default;
await import('aws-iot-device-sdk-v2');
const card = JSON.parse(readFileSync('models/mobilenetv2-12-int8.json', 'utf8'));
const session = await ort.InferenceSession.create(readFileSync('models/files/' + card.model.file), {
  intraOpNumThreads: 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all',
  extra: { session: { intra_op: { allow_spinning: '0' } } },
});
await session.run({ [card.input.name]: new ort.Tensor('float32', new Float32Array(3 * 224 * 224), [1, 3, 224, 224]) });
await sharp(readFileSync(process.env.BENCH_MEMORY_FLOOR_PHOTO)).resize(256, 256, { fit: 'outside' }).raw().toBuffer();
process.stdout.write(JSON.stringify({ rssBytes: process.memoryUsage().rss }));
`;

export function parseMemoryFloor(stdout: string): number {
  const { rssBytes } = JSON.parse(stdout) as { rssBytes?: unknown };
  if (typeof rssBytes !== 'number')
    throw new Error(`memory floor: unexpected output ${stdout.slice(0, 200)}`);
  return rssBytes;
}
