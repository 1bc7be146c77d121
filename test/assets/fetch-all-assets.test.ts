import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchAllAssets } from '../../scripts/assets/fetch-assets.ts';

// The real cards, with the files global-setup fetched serving as the offline mirror.
const MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));

let cardsDir: string;
beforeAll(async () => {
  cardsDir = await mkdtemp(join(tmpdir(), 'fetch-all-'));
  for (const card of ['mobilenetv2-12-int8.json', 'sample-images.json']) {
    await copyFile(join(MODELS_DIR, card), join(cardsDir, card));
  }
});
afterAll(() => rm(cardsDir, { recursive: true, force: true }));

describe('fetchAllAssets', () => {
  it('fills files/ from the mirror, then keeps what is there', async () => {
    const mirrorDir = join(MODELS_DIR, 'files');
    const first = await fetchAllAssets({ cardsDir, mirrorDir });
    expect(first.failures).toEqual([]);
    expect(first.outcomes.map((o) => o.outcome)).toEqual(Array(6).fill('mirror'));
    expect((await readdir(join(cardsDir, 'files'))).sort()).toEqual([
      'cat.jpeg',
      'dog.jpg',
      'macaw.jpg',
      'mobilenetv2-12-int8.onnx',
      'pelican.jpeg',
      'synset.txt',
    ]);
    const second = await fetchAllAssets({ cardsDir, mirrorDir: undefined });
    expect(second.outcomes.map((o) => o.outcome)).toEqual(Array(6).fill('kept'));
  });
});
