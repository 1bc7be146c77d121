import type { Preprocessing } from '../model/model-card.ts';
import { type DecodeLimits, decodeToRgb } from './decode-image.ts';
import { type TensorData, tensorItemLength, writeInputTensor } from './write-tensor.ts';

/** Decodes an encoded image and writes it into batch slot `item` of `out`, as the card says. */
export async function preprocessInto(
  bytes: Uint8Array,
  pre: Preprocessing,
  limits: DecodeLimits,
  out: TensorData,
  item = 0,
): Promise<void> {
  const image = await decodeToRgb(bytes, pre, limits);
  writeInputTensor(image, pre, out, item * tensorItemLength(pre));
}
