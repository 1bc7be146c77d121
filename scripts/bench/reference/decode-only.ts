// Reference point: preprocessing cost per photo from memory, one photo at a time or several in
// flight; by default the classifier's own (one sharp pass: orient, resize short side 256, raw
// RGB; then centre crop and normalise to float32 CHW).
import type { ModelFiles } from '../../../components/classifier/model/load-model.ts';
import { type Preprocessing, preprocessingOf } from '../../../components/classifier/model/model-card.ts';
import { preprocessInto } from '../../../components/classifier/preprocess/preprocess-image.ts';
import { tensorItemLength } from '../../../components/classifier/preprocess/write-tensor.ts';
import { type CostPerPhoto, measurePasses } from './cost.ts';

/** The bench's photos are trusted; the limits only need to let them through. */
export const REFERENCE_LIMITS = { maxImagePixels: 100_000_000, maxAspectRatio: 20 } as const;

/**
 * Decode-only with `lanes` photos in flight (each lane its own tensor). One lane gives the cost
 * per photo; two lanes show how much two cores really deliver at once: wall time per photo
 * should halve, and does not when the cores share execution units or memory bandwidth.
 */
export type DecodeInto = (bytes: Uint8Array, pre: Preprocessing, out: Float32Array) => Promise<void>;

/** The product's preprocessing (decode-image.ts, write-tensor.ts). */
export const productDecodeInto: DecodeInto = (bytes, pre, out) =>
  preprocessInto(bytes, pre, REFERENCE_LIMITS, out);

export function measureDecodeOnly(
  model: ModelFiles,
  photos: readonly Buffer[],
  passes: number,
  lanes = 1,
  decodeInto: DecodeInto = productDecodeInto,
): Promise<CostPerPhoto> {
  const pre = preprocessingOf(model.card);
  const tensors = Array.from({ length: lanes }, () => new Float32Array(tensorItemLength(pre)));
  return measurePasses(passes, photos.length, async () => {
    let next = 0;
    await Promise.all(
      tensors.map(async (tensor) => {
        while (next < photos.length) {
          const bytes = photos[next++] as Buffer;
          await decodeInto(bytes, pre, tensor);
        }
      }),
    );
  });
}

/** Every photo's model input, for the inference-only measurements. */
export async function preprocessAll(model: ModelFiles, photos: readonly Buffer[]): Promise<Float32Array[]> {
  const pre = preprocessingOf(model.card);
  const tensors: Float32Array[] = [];
  for (const bytes of photos) {
    const tensor = new Float32Array(tensorItemLength(pre));
    await preprocessInto(bytes, pre, REFERENCE_LIMITS, tensor);
    tensors.push(tensor);
  }
  return tensors;
}
