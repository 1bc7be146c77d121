// The reference points of one run, measured in this process before the classifier starts so
// nothing else competes: decode-only, inference-only (1 and 2 threads, single and batched),
// the two-core bound they give, and the naive pipeline.
import type { LoadedModel } from '../../../components/classifier/model/load-model.ts';
import type { ReferencePoints } from '../result.ts';
import { measureDecodeOnly, preprocessAll } from './decode-only.ts';
import { measureInferenceOnly } from './inference-only.ts';
import { measureNaivePipeline } from './naive-pipeline.ts';
import type { PhotoSet } from './photo-set.ts';

/** The batch used for the batched inference figures (the measurement used 8). */
export const REFERENCE_BATCH_SIZE = 8;

export async function measureReferencePoints(
  model: LoadedModel,
  photos: PhotoSet,
  cores: number,
  settings: { passes: number; warmupMs: number; durationMs: number; repetitions: number },
  progress: (step: string) => void,
): Promise<ReferencePoints> {
  progress('decode-only');
  const decodeOnly = await measureDecodeOnly(model, photos.bytes, settings.passes);
  progress('decode-only, two photos at once');
  const decodeTwoAtOnce = await measureDecodeOnly(model, photos.bytes, settings.passes, 2);
  const tensors = await preprocessAll(model, photos.bytes);
  // Small photo sets (the 4 samples) are repeated so a batch can fill.
  while (tensors.length < REFERENCE_BATCH_SIZE) tensors.push(...tensors.slice(0, REFERENCE_BATCH_SIZE));
  const inference = async (threads: number, batchSize: number) => {
    progress(`inference-only, ${threads} thread(s), batch ${batchSize}`);
    return measureInferenceOnly(model, tensors, { threads, batchSize }, settings.passes);
  };
  const oneThread = await inference(1, 1);
  const twoThreads = await inference(2, 1);
  const batchOneThread = await inference(1, REFERENCE_BATCH_SIZE);
  const batchTwoThreads = await inference(2, REFERENCE_BATCH_SIZE);
  progress('naive pipeline');
  const naivePerSecond = await measureNaivePipeline(model, photos.directory, photos.names, settings);
  const cheapestInferenceMs = Math.min(
    oneThread.cpuMs,
    twoThreads.cpuMs,
    batchOneThread.cpuMs,
    batchTwoThreads.cpuMs,
  );
  return {
    decodeOnly,
    decodeTwoAtOnce,
    inference: { oneThread, twoThreads, batchOneThread, batchTwoThreads, batchSize: REFERENCE_BATCH_SIZE },
    boundPerSecond: (cores * 1000) / (decodeOnly.cpuMs + oneThread.cpuMs),
    batchedBoundPerSecond: (cores * 1000) / (decodeOnly.cpuMs + cheapestInferenceMs),
    naivePerSecond,
  };
}
