// The reference points of one run, measured in this process before the classifier starts so
// nothing else competes: the product's preprocessing, sharp with its defaults, libjpeg-turbo in
// plain C, inference-only (1 and 2 threads, single and batched), the bounds they give, and the
// naive pipeline.
import path from 'node:path';
import type { ModelFiles } from '../../../components/classifier/model/load-model.ts';
import type { ReferencePoints } from '../result.ts';
import { perSecondBound } from '../targets.ts';
import { measureDecodeOnly, preprocessAll } from './decode-only.ts';
import { measureInferenceOnly } from './inference-only.ts';
import { buildJpegReference, measureJpegReference } from './jpeg-reference.ts';
import { naiveDecodeInto } from './naive-decode.ts';
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
  settings: { passes: number; warmupMs: number; durationMs: number; repetitions: number; cacheDir: string },
  progress: (step: string) => void,
): Promise<ReferencePoints> {
  progress('libjpeg-turbo reference (plain C)');
  const jpeg = await buildJpegReference(settings.cacheDir)
    .then((binary) =>
      measureJpegReference(
        binary,
        photos.names.map((name) => path.join(photos.directory, name)),
        settings.passes,
      ),
    )
    .catch((error: Error) => {
      progress(`warning: ${error.message}; the preprocessing target is not judged`);
      return { unavailable: error.message };
    });
  progress('decode-only');
  const decodeOnly = await measureDecodeOnly(model, photos.bytes, settings.passes);
  progress(`decode-only, ${PARALLEL_DECODES} photos at once`);
  const decodeInParallel = await measureDecodeOnly(model, photos.bytes, settings.passes, PARALLEL_DECODES);
  progress('decode-only, sharp with its defaults');
  const naiveDecode = await measureDecodeOnly(model, photos.bytes, settings.passes, 1, naiveDecodeInto);
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
  const cheapestInferenceCpuMs = Math.min(
    oneThread.cpuMs,
    twoThreads.cpuMs,
    batchOneThread.cpuMs,
    batchTwoThreads.cpuMs,
  );
  return {
    decodeOnly,
    decodeInParallel,
    parallelDecodes: PARALLEL_DECODES,
    naiveDecode,
    jpeg,
    inference: { oneThread, twoThreads, batchOneThread, batchTwoThreads, batchSize: REFERENCE_BATCH_SIZE },
    cheapestInferenceCpuMs,
    physicalBoundPerSecond:
      'unavailable' in jpeg ? undefined : perSecondBound(cores, jpeg.preprocessCpuMs, cheapestInferenceCpuMs),
    productBoundPerSecond: perSecondBound(cores, decodeOnly.cpuMs, cheapestInferenceCpuMs),
    naivePerSecond: naive.perSecond,
    naiveCpuMsPerPhoto: naive.cpuMsPerPhoto,
  };
}
