// The read step: the one place MaxImageBytes is checked, for every source, before anything is
// decoded (base64 is measured, not decoded, first).
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImage } from '../../components/classifier/image-input/read-image.ts';

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (error: { code?: string }) => error.code,
  );

describe('readImage', () => {
  it('checks inline bytes, base64 text and files against the same limit', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'read-image-'));
    const file = path.join(dir, 'ten.bin');
    await writeFile(file, Buffer.alloc(10, 1));
    const bytes = Buffer.alloc(10, 1);
    for (const input of [
      { kind: 'bytes', bytes } as const,
      { kind: 'base64', base64: bytes.toString('base64') } as const,
      { kind: 'path', path: file } as const,
    ]) {
      expect(await codeOf(readImage(input, 10)), input.kind).toBe('ok');
      expect(await codeOf(readImage(input, 9)), input.kind).toBe('IMAGE_TOO_LARGE');
    }
  });

  it('measures base64 exactly, padding included, and decodes what fits', async () => {
    for (const length of [1, 2, 3, 4, 5]) {
      const bytes = Buffer.alloc(length, 7);
      const base64 = bytes.toString('base64');
      expect(await codeOf(readImage({ kind: 'base64', base64 }, length - 1))).toBe('IMAGE_TOO_LARGE');
      expect(await readImage({ kind: 'base64', base64 }, length)).toEqual(bytes);
    }
  });
});
