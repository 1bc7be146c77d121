import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Preprocessing } from '../../components/classifier/model/model-card.ts';
import { decodeToRgb } from '../../components/classifier/preprocess/decode-image.ts';
import type { RgbImage } from '../../components/classifier/preprocess/write-tensor.ts';
import { loadPreprocessing, sampleImage } from './model-files.ts';

const limits = { maxImagePixels: 50_000_000, maxAspectRatio: 20 };
let pre: Preprocessing;
let photo: Buffer;
beforeAll(async () => {
  pre = await loadPreprocessing();
  photo = await readFile(sampleImage('pelican.jpeg')); // 800 x 904
});

const meanAbsoluteDifference = (a: RgbImage, b: RgbImage): number => {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs((a.data[i] as number) - (b.data[i] as number));
  return sum / a.data.length;
};

describe('decodeToRgb', () => {
  it('resizes the short side to 256 keeping the aspect ratio, as 3-channel RGB', async () => {
    const image = await decodeToRgb(photo, pre, limits);
    expect([image.width, image.height]).toEqual([256, Math.round((904 * 256) / 800)]);
    expect(image.data.length).toBe(image.width * image.height * 3);
  });

  it('turns the pixels as the EXIF orientation says', async () => {
    const upright = await decodeToRgb(await sharp(photo).png().toBuffer(), pre, limits);
    const turned = await sharp(photo).rotate(-90).png().toBuffer();
    // Orientation 6: "rotate 90 degrees clockwise to display"; JPEG carries it in EXIF.
    const tagged = await sharp(turned).withMetadata({ orientation: 6 }).jpeg({ quality: 100 }).toBuffer();
    const untagged = await sharp(turned).jpeg({ quality: 100 }).toBuffer();
    expect(meanAbsoluteDifference(await decodeToRgb(tagged, pre, limits), upright)).toBeLessThan(3);
    const sideways = await decodeToRgb(untagged, pre, limits);
    expect([sideways.width, sideways.height]).not.toEqual([upright.width, upright.height]);
  });

  it('drops alpha without darkening the colour and expands greyscale to RGB', async () => {
    const translucent = await sharp({
      create: { width: 300, height: 300, channels: 4, background: { r: 200, g: 100, b: 50, alpha: 0.5 } },
    })
      .png()
      .toBuffer();
    const rgb = await decodeToRgb(translucent, pre, limits);
    // Premultiplying for the resize costs at most a unit of rounding; flattening on black would halve it.
    const deviation = [200, 100, 50].map((want, i) => Math.abs((rgb.data[i] as number) - want));
    expect(Math.max(...deviation)).toBeLessThanOrEqual(2);
    const grey = await decodeToRgb(await sharp(photo).greyscale().jpeg().toBuffer(), pre, limits);
    expect(grey.data.length).toBe(grey.width * grey.height * 3);
  });

  it('upsizes small images to the 256 short side', async () => {
    const small = await sharp(photo).resize(100, 80).png().toBuffer();
    const image = await decodeToRgb(small, pre, limits);
    expect([image.width, image.height]).toEqual([320, 256]);
  });

  it('refuses an image more elongated than maxAspectRatio before decoding it', async () => {
    const strip = await sharp({ create: { width: 2000, height: 1, channels: 3, background: 'red' } })
      .png()
      .toBuffer();
    await expect(decodeToRgb(strip, pre, limits)).rejects.toMatchObject({ code: 'UNSUPPORTED_IMAGE' });
  });
});
