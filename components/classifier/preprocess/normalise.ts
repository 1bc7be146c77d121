import type { Preprocessing } from '../model/model-card.ts';

const CHANNELS = 3;
const BYTE_VALUES = 256;

/**
 * Writes interleaved 8-bit RGB pixels as planar (CHW) float32 `(x / 255 - mean[c]) / std[c]`
 * into `out` starting at `offset` (a batch slot: `item * 3 * pixelCount`).
 * `out` belongs to the caller so one buffer can hold a whole batch.
 */
export function writeNormalisedChw(
  rgb: Uint8Array,
  pixelCount: number,
  pre: Pick<Preprocessing, 'mean' | 'std'>,
  out: Float32Array,
  offset = 0,
): void {
  if (rgb.length !== pixelCount * CHANNELS) {
    throw new RangeError(`expected ${pixelCount * CHANNELS} RGB bytes, got ${rgb.length}`);
  }
  if (!Number.isInteger(offset) || offset < 0 || offset + pixelCount * CHANNELS > out.length) {
    throw new RangeError(`output slot [${offset}, ${offset + pixelCount * CHANNELS}) exceeds ${out.length} floats`);
  }
  // A byte has 256 values: one lookup per sample instead of a divide, and the exact rounding of
  // the formula in double precision.
  const table = normalisationTable(pre);
  for (let channel = 0; channel < CHANNELS; channel++) {
    const plane = offset + channel * pixelCount;
    const lookup = channel * BYTE_VALUES;
    for (let pixel = 0, sample = channel; pixel < pixelCount; pixel++, sample += CHANNELS) {
      out[plane + pixel] = table[lookup + (rgb[sample] as number)] as number;
    }
  }
}

function normalisationTable({ mean, std }: Pick<Preprocessing, 'mean' | 'std'>): Float32Array {
  const table = new Float32Array(CHANNELS * BYTE_VALUES);
  for (let channel = 0; channel < CHANNELS; channel++) {
    for (let value = 0; value < BYTE_VALUES; value++) {
      table[channel * BYTE_VALUES + value] = (value / 255 - (mean[channel] as number)) / (std[channel] as number);
    }
  }
  return table;
}
