import { constants } from 'node:fs';
import { open, readlink } from 'node:fs/promises';
import { ClassifierError } from '../error-codes.ts';
import type { ImagePathPolicy } from './path-policy.ts';

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

/**
 * Reads an image file of at most `maxImageBytes`. Opens without blocking (a FIFO would
 * otherwise hang the open), then checks on the open descriptor that it is a regular file, and
 * gives `checkOpened` the real path of what was opened (Linux: /proc/self/fd, proc(5)), so the
 * checks and the read concern the same file even if the path was swapped for a link meanwhile.
 */
export async function readImageFile(
  path: string,
  maxImageBytes: number,
  checkOpened?: (realPath: string) => void,
): Promise<Buffer> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw openError(path, error);
  }
  try {
    if (checkOpened !== undefined) checkOpened(await readlink(`/proc/self/fd/${handle.fd}`));
    const stats = await handle.stat();
    if (!stats.isFile()) {
      const what = stats.isDirectory() ? 'a directory' : 'not a regular file';
      throw new ClassifierError('IMAGE_NOT_FOUND', `${path} is ${what}, not an image file`);
    }
    if (stats.size > maxImageBytes) throw tooLarge(path, maxImageBytes);
    // Reads the size stat() gave, usually in one read: bytes a writer appends meanwhile are not
    // read, so the limit holds without probing for more (one thread-pool trip less per request).
    const buffer = Buffer.allocUnsafe(stats.size);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } catch (error) {
    throw error instanceof ClassifierError ? error : openError(path, error);
  } finally {
    await handle.close();
  }
}

/** Bytes that padded base64 text decodes to (RFC 4648 section 4), without decoding it. */
const base64DecodedLength = (text: string): number =>
  (text.length / 4) * 3 - (text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0);

function tooLarge(path: string, maxImageBytes: number): ClassifierError {
  return new ClassifierError(
    'IMAGE_TOO_LARGE',
    `${path} is larger than ${maxImageBytes} bytes (MaxImageBytes)`,
  );
}

function openError(path: string, error: unknown): ClassifierError {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  const reason =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? `no file ${path}`
      : code === 'EACCES' || code === 'EPERM'
        ? `no permission to read ${path}`
        : `cannot read ${path} (${code || String(error)})`;
  return new ClassifierError('IMAGE_NOT_FOUND', reason, { cause: error });
}
