import { describe, expect, it } from 'vitest';
import { type RgbImage, writeCentreCropChw } from '../../components/classifier/preprocess/normalise.ts';

const pre = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } as const;
const expected = (value: number, channel: 0 | 1 | 2) => (value / 255 - pre.mean[channel]) / pre.std[channel];

/** An image whose pixel (x, y) is RGB (x, y, 10 * x + y) so positions are recognisable. */
function gradient(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set([x, y, 10 * x + y], (y * width + x) * 3);
  }
  return { data, width, height };
}

describe('writeCentreCropChw', () => {
  it('applies (x / 255 - mean) / std per channel into planar CHW', () => {
    const out = new Float32Array(3);
    writeCentreCropChw({ data: Uint8Array.from([0, 128, 255]), width: 1, height: 1 }, 1, pre, out);
    expect(out[0]).toBeCloseTo(expected(0, 0), 6);
    expect(out[1]).toBeCloseTo(expected(128, 1), 6);
    expect(out[2]).toBeCloseTo(expected(255, 2), 6);
  });

  it('takes the centre square, rounding odd margins down', () => {
    const out = new Float32Array(3 * 2 * 2);
    writeCentreCropChw(gradient(5, 2), 2, pre, out); // margin (5 - 2) / 2 = 1.5 -> column 1
    const red = Array.from(out.subarray(0, 4));
    const green = Array.from(out.subarray(4, 8));
    expect(red).toEqual([1, 2, 1, 2].map((x) => Math.fround(expected(x, 0))));
    expect(green).toEqual([0, 0, 1, 1].map((y) => Math.fround(expected(y, 1))));
  });

  it('writes into a batch slot and leaves the rest of the buffer alone', () => {
    const out = new Float32Array(2 * 3).fill(42);
    writeCentreCropChw({ data: Uint8Array.from([10, 20, 30]), width: 1, height: 1 }, 1, pre, out, 3);
    expect(Array.from(out.subarray(0, 3))).toEqual([42, 42, 42]);
    expect(out[3]).toBeCloseTo(expected(10, 0), 6);
    expect(out[5]).toBeCloseTo(expected(30, 2), 6);
  });

  it('refuses a crop larger than the image, a short buffer or a slot past the end', () => {
    const image = gradient(4, 4);
    expect(() => writeCentreCropChw(image, 5, pre, new Float32Array(75))).toThrow(RangeError);
    expect(() =>
      writeCentreCropChw({ ...image, data: image.data.subarray(1) }, 2, pre, new Float32Array(12)),
    ).toThrow(RangeError);
    expect(() => writeCentreCropChw(image, 2, pre, new Float32Array(12), 1)).toThrow(RangeError);
  });
});
