import { ClassifierError } from '../error-codes.ts';

// sharp reports every failure as a plain Error whose message comes from libvips or from its
// own input checks; there are no codes, so the message is the only signal. Patterns measured
// with sharp 0.35 / libvips 8.18.

const TOO_MANY_PIXELS = /exceeds pixel limit/i;
const UNSUPPORTED = /unsupported image format|not a known file format|is not in a known format/i;

/** Maps a sharp decode/pipeline failure to a reply error; anything else is a corrupt image. */
export function toDecodeError(error: unknown, maxImagePixels: number): ClassifierError {
  const detail = firstLine(error instanceof Error ? error.message : String(error));
  if (TOO_MANY_PIXELS.test(detail)) {
    return new ClassifierError(
      'IMAGE_TOO_LARGE',
      `image has more than ${maxImagePixels} pixels (MaxImagePixels)`,
      {
        cause: error,
      },
    );
  }
  if (UNSUPPORTED.test(detail)) {
    return new ClassifierError('UNSUPPORTED_IMAGE', `image format not supported: ${detail}`, {
      cause: error,
    });
  }
  return new ClassifierError('CORRUPT_IMAGE', `image could not be decoded: ${detail}`, { cause: error });
}

const DETAIL_MAX_CHARS = 200;

/** libvips repeats its error log in the message; the first line carries the reason. */
function firstLine(text: string): string {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '') ?? 'unknown decoder error';
  return line.length > DETAIL_MAX_CHARS ? `${line.slice(0, DETAIL_MAX_CHARS)}...` : line;
}
