import type { Preprocessing } from '../model/model-card.ts';
import { type DecodeLimits, decodeToRgb } from './decode-image.ts';
import { writeCentreCropChw } from './normalise.ts';

/** Floats one image takes in the model input: 3 x cropSize x cropSize. */
export const tensorItemLength = (pre: Preprocessing): number => 3 * pre.cropSize * pre.cropSize;

/** Decodes an encoded image and writes its normalised centre crop into batch slot `item` of `out`. */
export async function preprocessInto(
  bytes: Uint8Array,
  pre: Preprocessing,
  limits: DecodeLimits,
  out: Float32Array,
  item = 0,
): Promise<void> {
  const image = await decodeToRgb(bytes, pre, limits);
  writeCentreCropChw(image, pre.cropSize, pre, out, item * tensorItemLength(pre));
}
