import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Preprocessing } from '../../components/classifier/model/model-card.ts';
import { decodeToRgb } from '../../components/classifier/preprocess/decode-image.ts';
import { isSrgbProfile } from '../../components/classifier/preprocess/srgb-profile.ts';
import { loadPreprocessing, sampleImage } from './model-files.ts';

const limits = { maxImagePixels: 50_000_000, maxAspectRatio: 20 };
let pre: Preprocessing;
let photo: Buffer;
beforeAll(async () => {
  pre = await loadPreprocessing();
  photo = await readFile(sampleImage('pelican.jpeg'));
});

/** A JPEG of the pelican carrying libvips' built-in profile `name`, and that profile's bytes. */
async function taggedWith(name: 'srgb' | 'p3' | 'cmyk'): Promise<{ jpeg: Buffer; icc: Buffer }> {
  const base = name === 'cmyk' ? sharp(photo).toColourspace('cmyk') : sharp(photo);
  const jpeg = await base.withIccProfile(name).jpeg({ quality: 95 }).toBuffer();
  const { icc } = await sharp(jpeg).metadata();
  if (!icc) throw new Error(`sharp wrote no ${name} profile`);
  return { jpeg, icc };
}

const meanAbsoluteDifference = (a: Uint8Array, b: Uint8Array): number => {
  expect(a.length).toBe(b.length);
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / a.length;
};

describe('isSrgbProfile', () => {
  it("recognises libvips' sRGB profile and refuses Display P3 and CMYK", async () => {
    expect(isSrgbProfile((await taggedWith('srgb')).icc)).toBe(true);
    expect(isSrgbProfile((await taggedWith('p3')).icc)).toBe(false);
    expect(isSrgbProfile((await taggedWith('cmyk')).icc)).toBe(false);
  });

  it('answers false, without throwing, for truncated or foreign bytes', async () => {
    const { icc } = await taggedWith('srgb');
    for (const length of [0, 100, 140, Math.floor(icc.length / 2)]) {
      expect(isSrgbProfile(icc.subarray(0, length))).toBe(false);
    }
    expect(isSrgbProfile(new Uint8Array(4096).fill(0x41))).toBe(false);
  });

  it('refuses a profile whose colorants are sRGB but whose tone curves are linear', async () => {
    const { icc } = await taggedWith('srgb');
    const linear = Buffer.from(icc);
    const view = new DataView(linear.buffer, linear.byteOffset, linear.byteLength);
    const count = view.getUint32(128);
    let rewritten = 0;
    for (let i = 0; i < count; i++) {
      const entry = 132 + i * 12;
      if (!/^[rgb]TRC$/.test(linear.toString('latin1', entry, entry + 4))) continue;
      const offset = view.getUint32(entry + 4);
      // curveType with no entries means the identity (ICC.1:2010 10.6).
      linear.write('curv', offset, 'latin1');
      view.setUint32(offset + 8, 0);
      rewritten++;
    }
    expect(rewritten).toBe(3);
    expect(isSrgbProfile(linear)).toBe(false);
  });
});

describe('decodeToRgb and embedded profiles', () => {
  it('skips the transform for sRGB at no visible cost, and still converts Display P3', async () => {
    const plain = await decodeToRgb(photo, pre, limits);
    const srgb = await decodeToRgb((await taggedWith('srgb')).jpeg, pre, limits);
    // Same pixels as the untagged photo up to JPEG re-encoding (quality 95).
    expect(meanAbsoluteDifference(srgb.data, plain.data)).toBeLessThan(1.5);

    const { jpeg: p3 } = await taggedWith('p3');
    const converted = await decodeToRgb(p3, pre, limits);
    const resize = { width: 256, height: 256, fit: 'outside', kernel: 'linear' } as const;
    const untransformed = await sharp(p3, { ignoreIcc: true }).resize(resize).removeAlpha().raw().toBuffer();
    const transformed = await sharp(p3).resize(resize).removeAlpha().raw().toBuffer();
    expect(meanAbsoluteDifference(transformed, untransformed)).toBeGreaterThan(2);
    expect(meanAbsoluteDifference(converted.data, transformed)).toBeLessThan(0.5);
  });
});

const imagesDir = process.env.ACCURACY_IMAGES;
describe.skipIf(!imagesDir)('profiles found in ACCURACY_IMAGES', () => {
  it('takes the IEC 61966-2.1 sRGB profiles as sRGB, and neither Adobe RGB nor a camera profile', async () => {
    const profileOf = async (name: string) =>
      (await sharp(await readFile(join(imagesDir as string, name))).metadata()).icc as Buffer;
    // Profile descriptions: "sRGB IEC61966-2.1", "Adobe RGB (1998)", "Camera RGB Profile".
    expect(isSrgbProfile(await profileOf('n04120489_running_shoe.JPEG'))).toBe(true);
    expect(isSrgbProfile(await profileOf('n03095699_container_ship.JPEG'))).toBe(false);
    expect(isSrgbProfile(await profileOf('n04147183_schooner.JPEG'))).toBe(false);
  });
});
