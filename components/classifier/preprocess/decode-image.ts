import sharp, { type OutputInfo, type ResizeOptions } from 'sharp';
import { ClassifierError } from '../error-codes.ts';
import type { Preprocessing } from '../model/model-card.ts';
import { toDecodeError } from './decode-errors.ts';
import { detectImageFormat, SUPPORTED_IMAGE_FORMATS } from './image-format.ts';
import { isSrgbProfile } from './srgb-profile.ts';
import type { RgbImage } from './write-tensor.ts';

/**
 * libvips keeps recent operations and their pixels in a cache (sharp's default: 50 MB, 100
 * operations) so a repeated pipeline is free. Every request here is a different image, so the
 * cache only holds memory: off. Process-wide, idempotent.
 */
export function configureDecoder(): void {
  sharp.cache(false);
}

export interface DecodeLimits {
  /** Largest accepted width x height, checked by libvips from the header before decoding. */
  readonly maxImagePixels: number;
  /** Largest accepted long side / short side. */
  readonly maxAspectRatio: number;
}

/**
 * Decodes an encoded image in one sharp pipeline (one decode, shrink-on-load for JPEG): EXIF
 * orientation, resize with the card's kernel (`short-side-crop`: short side to
 * `resizeShortSide`, aspect kept; `stretch`: to the input size), drop alpha, sRGB, raw 8-bit
 * RGB. The centre crop happens while writing the tensor (write-tensor.ts): after an `outside`
 * resize sharp cannot crop the centre without a metadata() pass to learn the resized size, and
 * `fit: 'cover'` rounds the crop offset up where the reference rounds down (measured: top-1 81%
 * instead of 82% on imagenet-sample-100).
 */
export async function decodeToRgb(
  bytes: Uint8Array,
  pre: Preprocessing,
  limits: DecodeLimits,
): Promise<RgbImage> {
  const { icc } = await checkDecodedShape(bytes, limits);
  // An sRGB profile needs no transform to sRGB; any other (Adobe RGB, Display P3, a camera's
  // own) is converted by sharp as before (srgb-profile.ts says what skipping it saves).
  const ignoreIcc = icc !== undefined && isSrgbProfile(icc);
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await sharp(bytes, { limitInputPixels: limits.maxImagePixels, failOn: 'error', ignoreIcc })
      .autoOrient()
      .resize(resizeOptions(pre))
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (error) {
    throw toDecodeError(error, limits.maxImagePixels);
  }
  const { width, height, channels } = decoded.info;
  const expectedSize =
    pre.resize === 'stretch'
      ? width === pre.width && height === pre.height
      : Math.min(width, height) === pre.resizeShortSide;
  if (channels !== 3 || !expectedSize) {
    const expected =
      pre.resize === 'stretch' ? `${pre.width}x${pre.height}` : `a short side of ${pre.resizeShortSide}`;
    throw new ClassifierError(
      'INTERNAL',
      `preprocessing produced ${width}x${height}x${channels}, expected ${expected} and 3 channels`,
    );
  }
  return { data: decoded.data, width, height };
}

function resizeOptions(pre: Preprocessing): ResizeOptions {
  return pre.resize === 'stretch'
    ? { width: pre.width, height: pre.height, fit: 'fill', kernel: pre.kernel }
    : { width: pre.resizeShortSide, height: pre.resizeShortSide, fit: 'outside', kernel: pre.kernel };
}

/**
 * Checks before decoding: a known raster format, then the dimensions libvips itself will decode
 * (its header read, `metadata()`, a few milliseconds), not what a header claims: a GIF whose
 * logical screen is 1x1 can hold a 3000x1 first frame, which libvips decodes at 3000x1. The
 * resized image of an elongated one is huge (an `outside` resize of 2000x1 is 512000x256
 * pixels: 390 MB and 5 s measured), so the shape is refused from these dimensions.
 */
async function checkDecodedShape(
  bytes: Uint8Array,
  limits: DecodeLimits,
): Promise<{ icc: Uint8Array | undefined }> {
  if (bytes.length === 0) throw new ClassifierError('CORRUPT_IMAGE', 'image is empty (0 bytes)');
  const format = detectImageFormat(bytes);
  if (format === undefined) {
    throw new ClassifierError(
      'UNSUPPORTED_IMAGE',
      `not a supported image (expected ${SUPPORTED_IMAGE_FORMATS.join(', ')})`,
    );
  }
  let width: number | undefined;
  let height: number | undefined;
  let icc: Uint8Array | undefined;
  try {
    ({ width, height, icc } = await sharp(bytes, { limitInputPixels: false, failOn: 'error' }).metadata());
  } catch (error) {
    throw toDecodeError(error, limits.maxImagePixels);
  }
  const shortSide = Math.min(width ?? 0, height ?? 0);
  if (shortSide < 1)
    throw new ClassifierError('CORRUPT_IMAGE', `the ${format} decoder reports ${width}x${height}`);
  if (width * height > limits.maxImagePixels) {
    throw new ClassifierError(
      'IMAGE_TOO_LARGE',
      `image is ${width}x${height} = ${width * height} pixels, over the limit of ${limits.maxImagePixels} (MaxImagePixels)`,
    );
  }
  if (Math.max(width, height) / shortSide > limits.maxAspectRatio) {
    throw new ClassifierError(
      'UNSUPPORTED_IMAGE',
      `image is ${width}x${height} as decoded, more elongated than ${limits.maxAspectRatio}:1 (MaxAspectRatio)`,
    );
  }
  return { icc };
}
