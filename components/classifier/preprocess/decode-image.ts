import sharp from 'sharp';
import { ClassifierError } from '../error-codes.ts';
import type { Preprocessing } from '../model/model-card.ts';
import { toDecodeError } from './decode-errors.ts';
import { detectImageFormat, SUPPORTED_IMAGE_FORMATS } from './image-format.ts';

export interface DecodeLimits {
  /** Largest accepted width x height, checked by libvips from the header before decoding. */
  readonly maxImagePixels: number;
}

/** The centre crop as interleaved 8-bit RGB, `cropSize` x `cropSize`. */
export interface RgbCrop {
  readonly data: Buffer;
  readonly size: number;
}

/**
 * Decodes an encoded image into the model's centre crop in one sharp pipeline (one decode,
 * shrink-on-load for JPEG): EXIF orientation, resize so the short side is `resizeShortSide`
 * (bilinear), centre crop, drop alpha, sRGB, raw bytes.
 *
 * `fit: 'cover'` on a short x short square is "short side to 256, keep aspect" followed by a
 * centre crop to that square; the centre `cropSize` square of that square is the centre crop
 * of the whole resized image, so no metadata() pass is needed to know the resized size.
 */
export async function decodeToRgbCrop(bytes: Uint8Array, pre: Preprocessing, limits: DecodeLimits): Promise<RgbCrop> {
  if (bytes.length === 0) throw new ClassifierError('CORRUPT_IMAGE', 'image is empty (0 bytes)');
  if (detectImageFormat(bytes) === undefined) {
    throw new ClassifierError(
      'UNSUPPORTED_IMAGE',
      `not a supported image (expected ${SUPPORTED_IMAGE_FORMATS.join(', ')})`,
    );
  }
  const margin = Math.floor((pre.resizeShortSide - pre.cropSize) / 2);
  let decoded: { data: Buffer; info: sharp.OutputInfo };
  try {
    decoded = await sharp(bytes, { limitInputPixels: limits.maxImagePixels, failOn: 'error' })
      .autoOrient()
      .resize({ width: pre.resizeShortSide, height: pre.resizeShortSide, fit: 'cover', kernel: 'linear' })
      .extract({ left: margin, top: margin, width: pre.cropSize, height: pre.cropSize })
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw toDecodeError(error, limits.maxImagePixels);
  }
  const { info } = decoded;
  if (info.width !== pre.cropSize || info.height !== pre.cropSize || info.channels !== 3) {
    throw new ClassifierError(
      'INTERNAL',
      `preprocessing produced ${info.width}x${info.height}x${info.channels}, expected ${pre.cropSize}x${pre.cropSize}x3`,
    );
  }
  return { data: decoded.data, size: pre.cropSize };
}
