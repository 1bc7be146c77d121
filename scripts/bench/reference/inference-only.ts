// Reference point: the model alone, in the classifier's inference worker (same session options:
// spinning off), on the photos' real inputs, one batch at a time.
import { InferenceHost } from '../../../components/classifier/inference/inference-host.ts';
import type { ModelFiles } from '../../../components/classifier/model/load-model.ts';
import { type CostPerPhoto, measurePasses } from './cost.ts';

export interface InferenceSetup {
  readonly threads: number;
  readonly batchSize: number;
}

export async function measureInferenceOnly(
  model: ModelFiles,
  tensors: readonly Float32Array[],
  setup: InferenceSetup,
  passes: number,
): Promise<CostPerPhoto> {
  const host = await InferenceHost.start({
    init: {
      modelBytes: model.modelBytes,
      card: model.card,
      intraOpThreads: setup.threads,
      loneItemThreads: setup.threads,
    },
  });
  try {
    const batches = Math.floor(tensors.length / setup.batchSize);
    if (batches === 0) throw new Error(`batch of ${setup.batchSize} needs at least as many photos`);
    // Inputs are moved to the worker, so each pass gets fresh copies, made outside the timing.
    const prepare = (): Float32Array[] =>
      Array.from({ length: batches }, (_, batch) => {
        const items = tensors.slice(batch * setup.batchSize, (batch + 1) * setup.batchSize);
        const input = new Float32Array(items.reduce((sum, item) => sum + item.length, 0));
        let offset = 0;
        for (const item of items) {
          input.set(item, offset);
          offset += item.length;
        }
        return input;
      });
    return await measurePasses(
      passes,
      batches * setup.batchSize,
      async (inputs: Float32Array[]) => {
        for (const input of inputs) await host.infer(input, setup.batchSize);
      },
      prepare,
    );
  } finally {
    await host.close();
  }
}
