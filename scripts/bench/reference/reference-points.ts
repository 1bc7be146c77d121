// The reference points of one run, measured in this process before the classifier starts so
// nothing else competes: decode-only, inference-only (1 and 2 threads, single and batched),
// the two-core bound they give, and the naive pipeline.
import type { ModelFiles } from '../../../components/classifier/model/load-model.ts';
import type { ReferencePoints } from '../result.ts';
import { twoCoreBound } from '../targets.ts';
import { measureDecodeOnly, preprocessAll } from './decode-only.ts';
import { measureInferenceOnly } from './inference-only.ts';
import { measureNaivePipeline } from './naive-pipeline.ts';
import type { PhotoSet } from './photo-set.ts';

/** Decodes in flight for the parallel figure: as many as the thread pool runs at once. */
export const PARALLEL_DECODES = 4;
/** The batch used for the batched inference figures (the measurement used 8). */
export const REFERENCE_BATCH_SIZE = 8;

export async function measureReferencePoints(
  model: ModelFiles,
  photos: PhotoSet,
  cores: number,
  settings: { passes: number; warmupMs: number; durationMs: number; repetitions: number },
  progress: (step: string) => void,
): Promise<ReferencePoints> {
  progress('decode-only');
  const decodeOnly = await measureDecodeOnly(model, photos.bytes, settings.passes);
  progress(`decode-only, ${PARALLEL_DECODES} photos at once`);
  const decodeInParallel = await measureDecodeOnly(model, photos.bytes, settings.passes, PARALLEL_DECODES);
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
  const naive = await measureNaivePipeline(model, photos.directory, photos.names, settings);
  const cheapestInferenceMs = Math.min(
    oneThread.cpuMs,
    twoThreads.cpuMs,
    batchOneThread.cpuMs,
    batchTwoThreads.cpuMs,
  );
  return {
    decodeOnly,
    decodeInParallel,
    parallelDecodes: PARALLEL_DECODES,
    inference: { oneThread, twoThreads, batchOneThread, batchTwoThreads, batchSize: REFERENCE_BATCH_SIZE },
    boundPerSecond: twoCoreBound(cores, decodeOnly.cpuMs, oneThread.cpuMs),
    batchedBoundPerSecond: twoCoreBound(cores, decodeOnly.cpuMs, cheapestInferenceMs),
    naivePerSecond: naive.perSecond,
    naiveCpuMsPerPhoto: naive.cpuMsPerPhoto,
  };
}
