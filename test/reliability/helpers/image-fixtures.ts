// Image files for the bad-input matrix, made at test time with sharp from the fetched sample
// photo (no photo is committed). Each builder says what makes its file special.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { pngChunk } from '../../fixtures/crafted-images.ts';

/**
 * A complete, valid 1-bit greyscale PNG of `side` x `side` black pixels: every row is a filter
 * byte and side/8 zero bytes, deflated. 20000 x 20000 is 400 M pixels (1.2 GB as 8-bit RGB)
 * in about 50 KB: a real decompression bomb, not just a lying header.
 */
export function pngBomb(side: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(side, 0);
  header.writeUInt32BE(side, 4);
  header[8] = 1; // bit depth
  header[9] = 0; // colour type: greyscale
  const rowBytes = 1 + Math.ceil(side / 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(rowBytes * side), { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Deterministic bytes (a 32-bit LCG), so a failing case can be reproduced exactly. */
export function seededBytes(count: number, seed: number): Buffer {
  const bytes = Buffer.alloc(count);
  let state = seed >>> 0;
  for (let index = 0; index < count; index++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

export interface PhotoVariants {
  readonly progressiveJpeg: Buffer;
  readonly png: Buffer;
  readonly webp: Buffer;
  readonly gif: Buffer;
  readonly tiff: Buffer;
  readonly png16: Buffer;
  readonly cmykJpeg: Buffer;
  readonly greyscaleJpeg: Buffer;
  readonly alphaPng: Buffer;
  /** Pixels stored turned a quarter turn anticlockwise, with EXIF orientation 6 to turn them back. */
  readonly exifRotatedJpeg: Buffer;
  /** The same photo stored a quarter turn anticlockwise without an orientation tag. */
  readonly sidewaysJpeg: Buffer;
  readonly onePixelPng: Buffer;
  readonly truncatedJpeg: Buffer;
  /** 2000 x 1: over the classifier's 20:1 aspect limit. */
  readonly elongatedPng: Buffer;
  /** 64 x 64 baseline JPEG, about 2 KB. */
  readonly tinyJpeg: Buffer;
}

/** Every format and colour variant of one photo, at a modest size so the matrix stays fast. */
export async function photoVariants(photo: Buffer): Promise<PhotoVariants> {
  const base = sharp(photo).resize({ width: 400 });
  const jpeg = await base.clone().jpeg({ quality: 90 }).toBuffer();
  return {
    progressiveJpeg: await base.clone().jpeg({ quality: 90, progressive: true }).toBuffer(),
    png: await base.clone().png().toBuffer(),
    webp: await base.clone().webp({ quality: 90 }).toBuffer(),
    gif: await base.clone().gif().toBuffer(),
    tiff: await base.clone().tiff({ compression: 'lzw' }).toBuffer(),
    png16: await base.clone().toColourspace('rgb16').png().toBuffer(),
    cmykJpeg: await base.clone().toColourspace('cmyk').jpeg({ quality: 90 }).toBuffer(),
    greyscaleJpeg: await base.clone().greyscale().jpeg({ quality: 90 }).toBuffer(),
    alphaPng: await base.clone().ensureAlpha(0.6).png().toBuffer(),
    exifRotatedJpeg: await base
      .clone()
      .rotate(270)
      .withMetadata({ orientation: 6 })
      .jpeg({ quality: 90 })
      .toBuffer(),
    sidewaysJpeg: await base.clone().rotate(270).jpeg({ quality: 90 }).toBuffer(),
    onePixelPng: await sharp(photo).resize(1, 1).png().toBuffer(),
    truncatedJpeg: jpeg.subarray(0, Math.floor(jpeg.length / 2)),
    elongatedPng: await sharp({ create: { width: 2000, height: 1, channels: 3, background: '#336699' } })
      .png()
      .toBuffer(),
    tinyJpeg: await sharp(photo).resize(64, 64).jpeg({ quality: 80 }).toBuffer(),
  };
}

export async function writeFixture(
  directory: string,
  name: string,
  bytes: Uint8Array | string,
): Promise<string> {
  const file = path.join(directory, name);
  await writeFile(file, bytes);
  return file;
}
