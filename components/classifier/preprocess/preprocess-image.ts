import type { Preprocessing } from '../model/model-card.ts';
import { type DecodeLimits, decodeToRgbCrop } from './decode-image.ts';
import { writeNormalisedChw } from './normalise.ts';

/** Floats one image takes in the model input: 3 x cropSize x cropSize. */
export const tensorItemLength = (pre: Preprocessing): number => 3 * pre.cropSize * pre.cropSize;

/** Decodes an encoded image and writes it, normalised, into batch slot `item` of `out`. */
export async function preprocessInto(
  bytes: Uint8Array,
  pre: Preprocessing,
  limits: DecodeLimits,
  out: Float32Array,
  item = 0,
): Promise<void> {
  const crop = await decodeToRgbCrop(bytes, pre, limits);
  writeNormalisedChw(crop.data, crop.size * crop.size, pre, out, item * tensorItemLength(pre));
}
