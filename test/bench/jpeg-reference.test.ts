import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Preprocessing } from '../../components/classifier/model/model-card.ts';
import { decodeToRgb } from '../../components/classifier/preprocess/decode-image.ts';
import { buildJpegReference, measureJpegReference } from '../../scripts/bench/reference/jpeg-reference.ts';
import { loadPreprocessing, sampleImage } from '../classifier/model-files.ts';

// The bench's libjpeg-turbo reference must do the product's job, only in plain C: same output
// geometry, pixels close to the product's (a different bilinear filter), a positive cost.
let dir: string;
let binary: string;
let pre: Preprocessing;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'jpeg-reference-'));
  binary = await buildJpegReference(dir);
  pre = await loadPreprocessing();
}, 60_000);
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('libjpeg-turbo reference (scripts/bench/reference/jpeg-reference.c)', () => {
  it.each(['pelican.jpeg', 'cat.jpeg', 'dog.jpg'] as const)(
    'resizes %s to the same size as the product, with close pixels',
    async (name) => {
      const dump = path.join(dir, `${name}.rgb`);
      const result = await measureJpegReference(binary, [sampleImage(name)], 2, dump);
      expect(result.photos).toBe(1);
      expect(result.decodeCpuMs).toBeGreaterThan(0);
      expect(result.preprocessCpuMs).toBeGreaterThan(result.decodeCpuMs * 0.9);
      const bytes = await readFile(dump);
      const [width, height] = [bytes.readUInt32LE(0), bytes.readUInt32LE(4)];
      const pixels = bytes.subarray(8);
      const product = await decodeToRgb(await readFile(sampleImage(name)), pre, {
        maxImagePixels: 1e8,
        maxAspectRatio: 20,
      });
      expect([width, height]).toEqual([product.width, product.height]);
      let difference = 0;
      for (let i = 0; i < pixels.length; i++)
        difference += Math.abs((pixels[i] as number) - (product.data[i] as number));
      // A different filter (plain bilinear after DCT scaling): 2.0-5.7 measured; a wrong decode is tens.
      expect(difference / pixels.length).toBeLessThan(8);
    },
  );

  it('takes only the JPEG files and refuses a set without one', async () => {
    await expect(measureJpegReference(binary, ['/x/a.png'], 2)).rejects.toThrow(/needs JPEG photos/);
  });
});
