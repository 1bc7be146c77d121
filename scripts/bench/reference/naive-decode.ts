// The preprocessing anyone would write first with sharp: its defaults (colour transform of every
// embedded profile, operation cache, libvips threads), the same geometry as the model card
// (orient, short side to `resizeShortSide` bilinear, RGB), then the classifier's own crop and
// normalise. The naive pipeline uses it, and the bench reports its cost beside the product's.
import sharp from 'sharp';
import type { Preprocessing } from '../../../components/classifier/model/model-card.ts';
import { writeInputTensor } from '../../../components/classifier/preprocess/write-tensor.ts';

export async function naiveDecodeInto(
  bytes: Uint8Array,
  pre: Preprocessing,
  out: Float32Array,
): Promise<void> {
  const side = pre.resizeShortSide;
  const { data, info } = await sharp(bytes)
    .rotate()
    .resize({ width: side, height: side, fit: 'outside', kernel: 'linear' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  writeInputTensor({ data, width: info.width, height: info.height }, pre, out);
}
