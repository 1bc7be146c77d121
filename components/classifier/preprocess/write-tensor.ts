// Writes a decoded image into one item slot of the model's input tensor, the way the model
// card says: the centre input-sized region (or the whole image when it was stretched to the
// input size), channels in the card's order, pixels scaled to its range and normalised with its
// mean and std, laid out NCHW (planes) or NHWC (interleaved), as float32 or as raw bytes.

/** Interleaved 8-bit RGB pixels, row by row. */
export interface RgbImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

/** The card's description of one input item (model-card.ts Preprocessing has these fields). */
export interface TensorLayout {
  readonly height: number;
  readonly width: number;
  readonly layout: 'NCHW' | 'NHWC';
  readonly dtype: 'float32' | 'uint8';
  readonly channelOrder: 'RGB' | 'BGR';
  readonly pixelRange: '0..1' | '-1..1' | '0..255';
  /** In the card's channel order, applied to the scaled value: (scaled - mean) / std. */
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
}

/** A batch buffer of the model's input element type. */
export type TensorData = Float32Array | Uint8Array;

const CHANNELS = 3;
const BYTE_VALUES = 256;

/** Elements one image takes in the model input: 3 x height x width. */
export const tensorItemLength = (shape: Pick<TensorLayout, 'height' | 'width'>): number =>
  CHANNELS * shape.height * shape.width;

/**
 * Takes the centre `height` x `width` region of `image` (offsets rounded down, as torchvision's
 * CenterCrop) and writes it into `out` from element `offset` (a batch slot:
 * `item * tensorItemLength(layout)`). `out` belongs to the caller so one buffer holds a batch.
 */
export function writeInputTensor(image: RgbImage, layout: TensorLayout, out: TensorData, offset = 0): void {
  const { data, width, height } = image;
  const cropHeight = layout.height;
  const cropWidth = layout.width;
  if (data.length !== width * height * CHANNELS) {
    throw new RangeError(
      `a ${width}x${height} RGB image has ${width * height * CHANNELS} bytes, got ${data.length}`,
    );
  }
  if (cropWidth > width || cropHeight > height) {
    throw new RangeError(`cannot crop ${cropWidth}x${cropHeight} from ${width}x${height}`);
  }
  const itemLength = tensorItemLength(layout);
  if (!Number.isInteger(offset) || offset < 0 || offset + itemLength > out.length) {
    throw new RangeError(`output slot [${offset}, ${offset + itemLength}) exceeds ${out.length} elements`);
  }
  const left = Math.floor((width - cropWidth) / 2);
  const top = Math.floor((height - cropHeight) / 2);
  // A byte has 256 values: one lookup per sample instead of arithmetic, with the formula's
  // exact double-precision result rounded once to the element type. One pass over the
  // interleaved pixels writing three planes is measured 2x faster than a pass per channel
  // (0.15 vs 0.30 ms for a 224 crop: scripts/bench/micro/write-tensor.ts).
  const table = valueTable(layout);
  const [first, second, third] = layout.channelOrder === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  const planar = layout.layout === 'NCHW';
  const planeSize = cropHeight * cropWidth;
  // NCHW: channel k of pixel p at k * planeSize + p; NHWC: at p * 3 + k.
  const channelStride = planar ? planeSize : 1;
  const pixelStride = planar ? 1 : CHANNELS;
  let pixel = offset;
  for (let row = 0; row < cropHeight; row++) {
    let sample = ((top + row) * width + left) * CHANNELS;
    const rowEnd = sample + cropWidth * CHANNELS;
    for (; sample < rowEnd; sample += CHANNELS, pixel += pixelStride) {
      out[pixel] = table[data[sample + first] as number] as number;
      out[pixel + channelStride] = table[BYTE_VALUES + (data[sample + second] as number)] as number;
      out[pixel + 2 * channelStride] = table[2 * BYTE_VALUES + (data[sample + third] as number)] as number;
    }
  }
}

/** What a byte of output channel `channel` becomes: scaled to the range, then normalised. */
export function tensorValue(layout: TensorLayout, channel: 0 | 1 | 2, byte: number): number {
  if (layout.dtype === 'uint8') return byte;
  const scaled =
    layout.pixelRange === '0..1' ? byte / 255 : layout.pixelRange === '-1..1' ? byte / 127.5 - 1 : byte;
  return (scaled - layout.mean[channel]) / layout.std[channel];
}

const tables = new WeakMap<TensorLayout, Float64Array>();

/** The lookup table of `layout`, built once per layout object (a model has one). */
function valueTable(layout: TensorLayout): Float64Array {
  let table = tables.get(layout);
  if (!table) {
    table = new Float64Array(CHANNELS * BYTE_VALUES);
    for (const channel of [0, 1, 2] as const) {
      for (let byte = 0; byte < BYTE_VALUES; byte++)
        table[channel * BYTE_VALUES + byte] = tensorValue(layout, channel, byte);
    }
    tables.set(layout, table);
  }
  return table;
}
