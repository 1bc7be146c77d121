import { describe, expect, it } from 'vitest';
import {
  type RgbImage,
  type TensorLayout,
  writeInputTensor,
} from '../../components/classifier/preprocess/write-tensor.ts';

const imagenet = {
  height: 1,
  width: 1,
  layout: 'NCHW',
  dtype: 'float32',
  channelOrder: 'RGB',
  pixelRange: '0..1',
  mean: [0.485, 0.456, 0.406],
  std: [0.229, 0.224, 0.225],
} as const satisfies TensorLayout;
const expected = (value: number, channel: 0 | 1 | 2) =>
  (value / 255 - imagenet.mean[channel]) / imagenet.std[channel];

/** An image whose pixel (x, y) is RGB (x, y, 10 * x + y) so positions are recognisable. */
function gradient(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x, y, 10 * x + y], (y * width + x) * 3);
  }
  return { data, width, height };
}

const onePixel = (r: number, g: number, b: number): RgbImage => ({
  data: Uint8Array.from([r, g, b]),
  width: 1,
  height: 1,
});

describe('writeInputTensor', () => {
  it('applies (x / 255 - mean) / std per channel into planar CHW', () => {
    const out = new Float32Array(3);
    writeInputTensor(onePixel(0, 128, 255), imagenet, out);
    expect(out[0]).toBeCloseTo(expected(0, 0), 6);
    expect(out[1]).toBeCloseTo(expected(128, 1), 6);
    expect(out[2]).toBeCloseTo(expected(255, 2), 6);
  });

  it('takes the centre region, rounding odd margins down', () => {
    const out = new Float32Array(3 * 2 * 2);
    writeInputTensor(gradient(5, 2), { ...imagenet, height: 2, width: 2 }, out); // margin 1.5 -> column 1
    const red = Array.from(out.subarray(0, 4));
    const green = Array.from(out.subarray(4, 8));
    expect(red).toEqual([1, 2, 1, 2].map((x) => Math.fround(expected(x, 0))));
    expect(green).toEqual([0, 0, 1, 1].map((y) => Math.fround(expected(y, 1))));
  });

  it('crops a non-square input: height and width each from its own side', () => {
    const layout = {
      ...imagenet,
      height: 1,
      width: 3,
      pixelRange: '0..255',
      mean: [0, 0, 0],
      std: [1, 1, 1],
    } as const;
    const out = new Float32Array(9);
    writeInputTensor(gradient(5, 3), layout, out); // left 1, top 1
    expect(Array.from(out.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(Array.from(out.subarray(3, 6))).toEqual([1, 1, 1]);
  });

  it('interleaves channels for NHWC', () => {
    const layout = {
      ...imagenet,
      height: 1,
      width: 2,
      layout: 'NHWC',
      pixelRange: '0..255',
      mean: [0, 0, 0],
      std: [1, 1, 1],
    } as const;
    const out = new Float32Array(6);
    writeInputTensor(gradient(2, 1), layout, out);
    expect(Array.from(out)).toEqual([0, 0, 0, 1, 0, 10]);
  });

  it('swaps channels for BGR, with mean and std in the card (BGR) order', () => {
    const layout = {
      ...imagenet,
      channelOrder: 'BGR',
      pixelRange: '0..255',
      mean: [1, 2, 3],
      std: [1, 1, 2],
    } as const;
    const out = new Float32Array(3);
    writeInputTensor(onePixel(10, 20, 30), layout, out);
    expect(Array.from(out)).toEqual([30 - 1, 20 - 2, (10 - 3) / 2]);
  });

  it('scales to -1..1 and to 0..255', () => {
    const out = new Float32Array(3);
    writeInputTensor(
      onePixel(0, 127.5, 255),
      { ...imagenet, pixelRange: '-1..1', mean: [0, 0, 0], std: [1, 1, 1] },
      out,
    );
    expect(out[0]).toBe(-1);
    expect(out[2]).toBe(1);
    writeInputTensor(
      onePixel(0, 128, 255),
      { ...imagenet, pixelRange: '0..255', mean: [0, 0, 0], std: [1, 1, 1] },
      out,
    );
    expect(Array.from(out)).toEqual([0, 128, 255]);
  });

  it('writes raw bytes into a uint8 tensor', () => {
    const out = new Uint8Array(3 * 4);
    const layout = {
      ...imagenet,
      height: 2,
      width: 2,
      dtype: 'uint8',
      pixelRange: '0..255',
      mean: [0, 0, 0],
      std: [1, 1, 1],
    } as const;
    writeInputTensor(gradient(2, 2), layout, out);
    expect(Array.from(out)).toEqual([0, 1, 0, 1, 0, 0, 1, 1, 0, 10, 1, 11]);
  });

  it('writes into a batch slot and leaves the rest of the buffer alone', () => {
    const out = new Float32Array(2 * 3).fill(42);
    writeInputTensor(onePixel(10, 20, 30), imagenet, out, 3);
    expect(Array.from(out.subarray(0, 3))).toEqual([42, 42, 42]);
    expect(out[3]).toBeCloseTo(expected(10, 0), 6);
    expect(out[5]).toBeCloseTo(expected(30, 2), 6);
  });

  it('refuses a crop larger than the image, a short buffer or a slot past the end', () => {
    const image = gradient(4, 4);
    const square = (side: number) => ({ ...imagenet, height: side, width: side });
    expect(() => writeInputTensor(image, square(5), new Float32Array(75))).toThrow(RangeError);
    expect(() =>
      writeInputTensor({ ...image, data: image.data.subarray(1) }, square(2), new Float32Array(12)),
    ).toThrow(RangeError);
    expect(() => writeInputTensor(image, square(2), new Float32Array(12), 1)).toThrow(RangeError);
  });
});
