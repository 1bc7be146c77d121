// Reference point: the pipeline anyone would write first, in one process with no IPC: read the
// file, decode and normalise it (sharp with its defaults, naive-decode.ts, into a fresh tensor), and run
// an ONNX session created with default options (all cores, spinning threads) on the main
// thread; four photos in flight. The figure the optimised service must beat.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import ort from 'onnxruntime-node';
import type { ModelFiles } from '../../../components/classifier/model/load-model.ts';
import { preprocessingOf } from '../../../components/classifier/model/model-card.ts';
import { tensorItemLength } from '../../../components/classifier/preprocess/write-tensor.ts';
import { median } from '../stats.ts';
import { cpuMsNow } from './cost.ts';
import { naiveDecodeInto } from './naive-decode.ts';

export const NAIVE_IN_FLIGHT = 4;

export interface NaiveResult {
  readonly perSecond: number;
  /** CPU time of this process per photo classified (all threads, spinning included). */
  readonly cpuMsPerPhoto: number;
}

/** Photos per second and CPU per photo, medians over the repetitions (each after a warm-up). */
export async function measureNaivePipeline(
  model: ModelFiles,
  directory: string,
  photos: readonly string[],
  timing: { warmupMs: number; durationMs: number; repetitions: number },
): Promise<NaiveResult> {
  const session = await ort.InferenceSession.create(model.modelBytes);
  const pre = preprocessingOf(model.card);
  const inputName = model.card.input.name;
  let next = 0;
  const classifyNext = async (): Promise<void> => {
    const bytes = await readFile(path.join(directory, photos[next++ % photos.length] as string));
    const tensor = new Float32Array(tensorItemLength(pre));
    await naiveDecodeInto(bytes, pre, tensor);
    await session.run({ [inputName]: new ort.Tensor('float32', tensor, [1, 3, pre.height, pre.width]) });
  };
  try {
    const rates: number[] = [];
    const cpuPerPhoto: number[] = [];
    for (let rep = 0; rep < timing.repetitions; rep++) {
      const windowStart = performance.now() + timing.warmupMs;
      const windowEnd = windowStart + timing.durationMs;
      let done = 0;
      let cpuAtStart = Number.NaN;
      let cpuAtEnd = Number.NaN;
      const lane = async (): Promise<void> => {
        while (performance.now() < windowEnd) {
          await classifyNext();
          const now = performance.now();
          if (now >= windowStart && now <= windowEnd) {
            if (done === 0) cpuAtStart = cpuMsNow();
            done++;
            cpuAtEnd = cpuMsNow();
          }
        }
      };
      await Promise.all(Array.from({ length: NAIVE_IN_FLIGHT }, lane));
      rates.push(done / (timing.durationMs / 1000));
      cpuPerPhoto.push((cpuAtEnd - cpuAtStart) / Math.max(1, done - 1));
    }
    return { perSecond: median(rates), cpuMsPerPhoto: median(cpuPerPhoto) };
  } finally {
    await session.release();
  }
}
