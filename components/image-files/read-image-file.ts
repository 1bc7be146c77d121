// Reading one image file safely and within a size limit, for every component that reads images
// by path (the classifier's requests, the live view's thumbnails).
import { constants } from 'node:fs';
import { open, readlink } from 'node:fs/promises';
import { ReplyError } from '../contract/index.ts';

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
      throw new ReplyError('IMAGE_NOT_FOUND', `${path} is ${what}, not an image file`);
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
    throw error instanceof ReplyError ? error : openError(path, error);
  } finally {
    await handle.close();
  }
}

function tooLarge(path: string, maxImageBytes: number): ReplyError {
  return new ReplyError('IMAGE_TOO_LARGE', `${path} is larger than ${maxImageBytes} bytes (MaxImageBytes)`);
}

function openError(path: string, error: unknown): ReplyError {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  const reason =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? `no file ${path}`
      : code === 'EACCES' || code === 'EPERM'
        ? `no permission to read ${path}`
        : `cannot read ${path} (${code || String(error)})`;
  return new ReplyError('IMAGE_NOT_FOUND', reason, { cause: error });
}
