import { readFile } from 'node:fs/promises';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Classifier, createClassifier } from '../../components/classifier/local-classifier.ts';
import type { OkReply, Reply } from '../../components/contract/index.ts';
import { MODEL_CARD_PATH, sampleImage } from './model-files.ts';

let classifier: Classifier;
beforeAll(async () => {
  classifier = await createClassifier({ modelCardPath: MODEL_CARD_PATH, intraOpThreads: 1 });
});
afterAll(() => classifier.close());

function ok(reply: Reply): OkReply {
  if (reply.status !== 'ok') throw new Error(`expected a prediction, got ${JSON.stringify(reply)}`);
  return reply;
}

describe('sample photos', () => {
  it('pelican.jpeg is 144 "pelican" with probability > 0.9', async () => {
    const reply = ok(await classifier.classifyFile(sampleImage('pelican.jpeg'), { id: 'req-1' }));
    expect(reply).toMatchObject({ id: 'req-1', status: 'ok', index: 144, label: 'pelican' });
    expect(reply.probability).toBeGreaterThan(0.9);
  });

  it('macaw.jpg is 88 "macaw"', async () => {
    expect(ok(await classifier.classifyFile(sampleImage('macaw.jpg')))).toMatchObject({
      index: 88,
      label: 'macaw',
    });
  });

  it('cat.jpeg is a tabby, tiger or Egyptian cat (281, 282, 285)', async () => {
    expect([281, 282, 285]).toContain(ok(await classifier.classifyFile(sampleImage('cat.jpeg'))).index);
  });

  it('dog.jpg is a dog breed (151-268)', async () => {
    const { index } = ok(await classifier.classifyFile(sampleImage('dog.jpg')));
    expect(index).toBeGreaterThanOrEqual(151);
    expect(index).toBeLessThanOrEqual(268);
  });
});

describe('reply', () => {
  it('follows the message contract and stays far below 7 KB', async () => {
    const reply = ok(await classifier.classifyFile(sampleImage('pelican.jpeg'), { id: 'req-2', topK: 3 }));
    expect(Object.keys(reply)).toEqual([
      'id',
      'status',
      'timestamp',
      'label',
      'index',
      'probability',
      'top',
      'model',
      'timings',
    ]);
    expect(Date.now() - Date.parse(reply.timestamp)).toBeLessThan(60_000);
    expect(reply.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(reply.top).toHaveLength(3);
    expect(reply.top[0]).toEqual({ index: reply.index, label: reply.label, probability: reply.probability });
    expect(reply.top.map((p) => p.probability)).toEqual(
      [...reply.top.map((p) => p.probability)].sort((a, b) => b - a),
    );
    expect(reply.model).toEqual({
      name: 'mobilenetv2-12-int8',
      sha256: 'cc028fe6cae7bc11a4ff53cfc9b79c920e8be65ce33a904ec3e2a8f66d77f95f',
    });
    for (const key of ['decodeMs', 'inferMs', 'totalMs'] as const)
      expect(reply.timings[key]).toBeGreaterThan(0);
    expect(reply.timings.totalMs).toBeGreaterThanOrEqual(reply.timings.inferMs);
    const twentyClasses = await classifier.classifyFile(sampleImage('pelican.jpeg'), { topK: 20 });
    expect(Buffer.byteLength(JSON.stringify(twentyClasses))).toBeLessThan(3 * 1024);
  });

  it('gives the same answer for bytes as for the file', async () => {
    const bytes = await readFile(sampleImage('macaw.jpg'));
    const fromBytes = ok(await classifier.classifyBytes(bytes));
    const fromFile = ok(await classifier.classifyFile(sampleImage('macaw.jpg')));
    expect(fromBytes.top).toEqual(fromFile.top);
  });

  it('answers an out-of-range topK with INVALID_REQUEST', async () => {
    for (const topK of [0, 21, 2.5]) {
      const reply = await classifier.classifyFile(sampleImage('macaw.jpg'), { id: 'k', topK });
      expect(reply).toMatchObject({ id: 'k', status: 'error', error: { code: 'INVALID_REQUEST' } });
    }
  });

  it('makes an id when none is given', async () => {
    const reply = await classifier.classifyFile(sampleImage('macaw.jpg'));
    expect(reply.id).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('preprocessing of other image kinds', () => {
  it('classifies greyscale, RGBA PNG, WebP, 16-bit PNG, TIFF, AVIF and GIF versions of a photo', async () => {
    // Half size (320 x 213) keeps the encoders quick; the model still sees a macaw.
    const photo = await sharp(await readFile(sampleImage('macaw.jpg')))
      .resize(320)
      .png()
      .toBuffer();
    const variants = [
      await sharp(photo).greyscale().jpeg().toBuffer(),
      await sharp(photo).ensureAlpha(0.5).png().toBuffer(),
      await sharp(photo).webp().toBuffer(),
      await sharp(photo).toColourspace('rgb16').png().toBuffer(),
      await sharp(photo).tiff().toBuffer(),
      await sharp(photo).avif({ effort: 0 }).toBuffer(), // effort 0: AVIF encoding is slow
      await sharp(photo).gif().toBuffer(),
    ];
    const replies = await Promise.all(variants.map((bytes) => classifier.classifyBytes(bytes)));
    expect(replies.map((reply) => reply.status)).toEqual(Array(variants.length).fill('ok'));
    // Colour versions keep the answer; greyscale and the 256-colour GIF may lose it.
    expect(replies.slice(1, 6).map((reply) => ok(reply).index)).toEqual([88, 88, 88, 88, 88]);
  });
});
