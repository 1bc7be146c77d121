import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Classifier, createClassifier } from '../../components/classifier/local-classifier.ts';
import { MODEL_CARD_PATH, SYNSET_PATH } from './model-files.ts';

// Photos named <wnid>_<name>.JPEG; the class index is the wnid's line in synset.txt.
const imagesDir = process.env.ACCURACY_IMAGES;
const MIN_TOP1 = 0.82;
const MIN_TOP5 = 0.95;

if (!imagesDir) {
  console.warn(
    '\n*** ACCURACY TEST SKIPPED: set ACCURACY_IMAGES to a folder of <wnid>_<name>.JPEG photos ' +
      '(.ci/run sets it) ***\n',
  );
}

describe.skipIf(!imagesDir)('accuracy over ACCURACY_IMAGES', () => {
  let classifier: Classifier;
  beforeAll(async () => {
    classifier = await createClassifier({ modelCardPath: MODEL_CARD_PATH });
  });
  afterAll(() => classifier?.close());

  it(`reaches top-1 >= ${MIN_TOP1 * 100}% and top-5 >= ${MIN_TOP5 * 100}%`, {
    timeout: 120_000,
  }, async () => {
    const dir = imagesDir as string;
    const wnids = (await readFile(SYNSET_PATH, 'utf8')).split('\n').map((line) => line.slice(0, 9));
    const photos = (await readdir(dir)).filter((name) => /^n\d{8}_.+\.jpe?g$/i.test(name)).sort();
    expect(photos.length).toBeGreaterThan(0);
    let top1 = 0;
    let top5 = 0;
    for (const photo of photos) {
      const truth = wnids.indexOf(photo.slice(0, 9));
      expect(truth, `${photo}: wnid not in synset.txt`).toBeGreaterThanOrEqual(0);
      const reply = await classifier.classifyFile(join(dir, photo), { topK: 5 });
      if (reply.status !== 'ok') throw new Error(`${photo}: ${reply.error.code} ${reply.error.message}`);
      if (reply.index === truth) top1++;
      if (reply.top.some((prediction) => prediction.index === truth)) top5++;
    }
    console.info(`accuracy over ${photos.length} photos: top-1 ${top1}, top-5 ${top5}`);
    expect(top1 / photos.length).toBeGreaterThanOrEqual(MIN_TOP1);
    expect(top5 / photos.length).toBeGreaterThanOrEqual(MIN_TOP5);
  });
});
