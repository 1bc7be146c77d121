// Baseline timings: `npx tsx scripts/measure-classifier.ts DIR [THREADS...]` prints, per
// intra-op thread count, the per-photo preprocessing time (read + decode + resize + normalise)
// and inference time (session.run in the worker, and the round trip to it), one photo at a time.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InferenceHost } from '../components/classifier/inference/inference-host.ts';
import { loadModel } from '../components/classifier/model/load-model.ts';
import { preprocessInto, tensorItemLength } from '../components/classifier/preprocess/preprocess-image.ts';

const [dir, ...threadArgs] = process.argv.slice(2);
if (!dir) throw new Error('usage: tsx scripts/measure-classifier.ts DIR [THREADS...]');
const threadCounts = threadArgs.length > 0 ? threadArgs.map(Number) : [1, 2];
const model = await loadModel(fileURLToPath(new URL('../models/mobilenetv2-12-int8.json', import.meta.url)));
const pre = model.card.preprocessing;
const photos = (await readdir(dir)).filter((name) => /\.(jpe?g|png|webp)$/i.test(name)).sort();
const limits = { maxImagePixels: 50_000_000, maxAspectRatio: 20 };

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `mean ${mean.toFixed(2)}  p50 ${at(0.5).toFixed(2)}  p90 ${at(0.9).toFixed(2)}  max ${at(1).toFixed(2)} ms`;
};

for (const threads of threadCounts) {
  const host = await InferenceHost.start({
    init: {
      modelBytes: model.modelBytes,
      inputName: model.card.input.name,
      outputName: model.card.output.name,
      itemShape: [3, pre.cropSize, pre.cropSize],
      classCount: model.card.output.shape[1],
      intraOpThreads: threads,
    },
  });
  const preprocessMs: number[] = [];
  const sessionMs: number[] = [];
  const roundTripMs: number[] = [];
  for (const photo of photos) {
    const started = performance.now();
    const input = new Float32Array(tensorItemLength(pre));
    await preprocessInto(await readFile(join(dir, photo)), pre, limits, input);
    const preprocessed = performance.now();
    const { inferMs } = await host.infer(input, 1);
    roundTripMs.push(performance.now() - preprocessed);
    preprocessMs.push(preprocessed - started);
    sessionMs.push(inferMs);
  }
  await host.close();
  console.log(`${photos.length} photos, intra-op threads ${threads}`);
  console.log(`  preprocess        ${stats(preprocessMs)}`);
  console.log(`  inference (run)   ${stats(sessionMs)}`);
  console.log(`  inference (trip)  ${stats(roundTripMs)}`);
}
