// Limits judged on the dimensions the decoder will use, not on what a header claims: a GIF whose
// logical screen says 1x1 but whose first frame is 3000x1 (libvips decodes the frame), and the
// same elongated shape in every other format, are refused before any pixel is decoded, quickly
// and without memory growth. Before this check read the header with image-size, the 98-byte GIF
// below cost about 10 s and 600 MB.

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeToRgb } from '../../components/classifier/preprocess/decode-image.ts';

const PRE = { resizeShortSide: 256 } as Parameters<typeof decodeToRgb>[1];
const LIMITS = { maxImagePixels: 40_000_000, maxAspectRatio: 20 };
const WIDTH = 3000;
/** Failure guards (the figures are printed): the refusal is a header read, not a decode. */
const REFUSAL_GUARD_MS = 1000;
const RSS_GROWTH_GUARD_BYTES = 50 * 1024 * 1024;

async function elongated(format: 'gif' | 'png' | 'webp' | 'tiff' | 'avif'): Promise<Buffer> {
  const image = sharp(Buffer.alloc(WIDTH * 3, 200), { raw: { width: WIDTH, height: 1, channels: 3 } });
  if (format === 'avif') return image.resize(WIDTH, 8, { fit: 'fill' }).avif().toBuffer();
  const encoded = await image.toFormat(format).toBuffer();
  if (format === 'gif') {
    encoded.writeUInt16LE(1, 6); // logical screen width
    encoded.writeUInt16LE(1, 8); // logical screen height
  }
  return encoded;
}

describe('an elongated image, judged as the decoder sees it', () => {
  it.each(['gif', 'png', 'webp', 'tiff', 'avif'] as const)(
    '%s: UNSUPPORTED_IMAGE before decoding',
    async (format) => {
      const bytes = await elongated(format);
      const rssBefore = process.memoryUsage().rss;
      const started = performance.now();
      for (let i = 0; i < 8; i++) {
        await expect(decodeToRgb(bytes, PRE, LIMITS)).rejects.toMatchObject({ code: 'UNSUPPORTED_IMAGE' });
      }
      const eachMs = (performance.now() - started) / 8;
      const growth = process.memoryUsage().rss - rssBefore;
      console.log(
        `${format} ${bytes.length} B: refused in ${eachMs.toFixed(1)} ms each, RSS +${(growth / 1024 / 1024).toFixed(1)} MB`,
      );
      expect(eachMs).toBeLessThan(REFUSAL_GUARD_MS);
      expect(growth).toBeLessThan(RSS_GROWTH_GUARD_BYTES);
    },
  );
});
