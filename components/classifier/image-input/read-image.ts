import type { ImagePathPolicy } from '../../image-files/path-policy.ts';
import { readImageFile } from '../../image-files/read-image-file.ts';
import { ClassifierError } from '../error-codes.ts';

/** Where a request's image comes from. */
export type ImageInput =
  | {
      readonly kind: 'path';
      readonly path: string;
      /** The ImageRoots a path must lie in; absent, any readable file (the in-process classifier). */
      readonly policy?: ImagePathPolicy;
    }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  /** Base64 text (valid, checked by the contract), decoded only once its size is known to fit. */
  | { readonly kind: 'base64'; readonly base64: string };

/**
 * The encoded image of a request, at most `maxImageBytes` (the one place that limit is checked).
 * A path is resolved against the policy first (PATH_NOT_ALLOWED, IMAGE_NOT_FOUND), and the file
 * opened is checked again.
 */
export async function readImage(input: ImageInput, maxImageBytes: number): Promise<Uint8Array> {
  if (input.kind === 'path') {
    const { policy } = input;
    if (!policy) return readImageFile(input.path, maxImageBytes);
    return readImageFile(await policy.resolve(input.path), maxImageBytes, policy.checkOpened);
  }
  const size = input.kind === 'bytes' ? input.bytes.length : base64DecodedLength(input.base64);
  if (size > maxImageBytes) {
    throw new ClassifierError(
      'IMAGE_TOO_LARGE',
      `image of ${size} bytes is larger than MaxImageBytes (${maxImageBytes})`,
    );
  }
  return input.kind === 'bytes' ? input.bytes : Buffer.from(input.base64, 'base64');
}

/** Bytes that padded base64 text decodes to (RFC 4648 section 4), without decoding it. */
const base64DecodedLength = (text: string): number =>
  (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);
