import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../components/classifier/error-codes.ts';
import { type Classifier, createClassifier } from '../../components/classifier/local-classifier.ts';
import { pngWithHeader } from '../fixtures/crafted-images.ts';
import { MODEL_CARD_PATH, sampleImage } from './model-files.ts';

// pelican.jpeg is 285918 bytes: over this limit; macaw.jpg (44916 bytes) is under it.
const MAX_IMAGE_BYTES = 200_000;

let classifier: Classifier;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bad-images-'));
  const jpeg = await readFile(sampleImage('macaw.jpg'));
  await writeFile(join(dir, 'empty.jpg'), Buffer.alloc(0));
  await writeFile(join(dir, 'notes.jpg'), 'this is a text file, not a photo\n');
  await writeFile(join(dir, 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
  await writeFile(join(dir, 'header-only.jpg'), jpeg.subarray(0, 300));
  await writeFile(join(dir, 'huge.png'), pngWithHeader(30_000, 30_000));
  execFileSync('mkfifo', [join(dir, 'fifo.jpg')]);
  classifier = await createClassifier({ modelCardPath: MODEL_CARD_PATH, maxImageBytes: MAX_IMAGE_BYTES });
});
afterAll(async () => {
  await classifier?.close();
  await rm(dir, { recursive: true, force: true });
});

const cases: ReadonlyArray<[string, () => string, ErrorCode]> = [
  ['a zero-byte file', () => join(dir, 'empty.jpg'), 'CORRUPT_IMAGE'],
  ['a text file', () => join(dir, 'notes.jpg'), 'UNSUPPORTED_IMAGE'],
  ['a truncated JPEG', () => join(dir, 'truncated.jpg'), 'CORRUPT_IMAGE'],
  ['a JPEG cut inside its headers', () => join(dir, 'header-only.jpg'), 'CORRUPT_IMAGE'],
  ['a 30000x30000 PNG header', () => join(dir, 'huge.png'), 'IMAGE_TOO_LARGE'],
  ['a file over maxImageBytes', () => sampleImage('pelican.jpeg'), 'IMAGE_TOO_LARGE'],
  ['a directory', () => dir, 'IMAGE_NOT_FOUND'],
  ['a missing path', () => join(dir, 'absent.jpg'), 'IMAGE_NOT_FOUND'],
  ['a FIFO (would block a plain open)', () => join(dir, 'fifo.jpg'), 'IMAGE_NOT_FOUND'],
];

describe('bad image files get their own error code', () => {
  it.each(cases)('%s', async (_name, path, code) => {
    const reply = await classifier.classifyFile(path(), { id: 'bad' });
    expect(reply).toEqual({
      id: 'bad',
      status: 'error',
      timestamp: expect.any(String),
      error: { code, message: expect.any(String) },
    });
  });

  it('answers bytes over maxImageBytes with IMAGE_TOO_LARGE', async () => {
    const reply = await classifier.classifyBytes(Buffer.alloc(MAX_IMAGE_BYTES + 1, 0xff));
    expect(reply).toMatchObject({ status: 'error', error: { code: 'IMAGE_TOO_LARGE' } });
  });

  it('keeps classifying after all of them', async () => {
    const replies = await Promise.all(cases.map(([, path]) => classifier.classifyFile(path())));
    expect(replies.every((reply) => reply.status === 'error')).toBe(true);
    expect(await classifier.classifyFile(sampleImage('macaw.jpg'))).toMatchObject({
      status: 'ok',
      index: 88,
    });
  });
});
