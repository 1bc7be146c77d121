// Flood: 10,000 requests published as fast as one SDK client can, against the classifier with
// its recipe defaults (MaxQueue 64, MaxConcurrency 8). Every request gets exactly one reply,
// a result or BUSY, none lost; the classifier's resident memory stays bounded.
//
// Each request is a full-form JSON request carrying a 64x64 JPEG as base64 (about 2.3 KB):
// small, so the run measures admission and reply handling rather than decoding large photos,
// and inline, so no file cache is involved; the id lets every reply be counted. Two different
// photos alternate, and every result must carry its own photo's label (no crossed replies).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/node-component.ts';
import { type ClassifierRig, startClassifierRig } from './helpers/classifier-rig.ts';
import { mib, readProcessMemory } from './helpers/process-memory.ts';

const TOTAL_REQUESTS = 10_000;
const SAMPLE_EVERY_REPLIES = 500;
/**
 * Growth of the classifier's resident memory allowed over its idle peak (VmHWM before the
 * flood). Measured on this 2-core machine: 130-185 MiB for one flood of 10,000 (V8 heap growth
 * plus up to 10,000 BUSY replies being published at once), and a plateau over three floods in a
 * row (peak RSS 306, 322, 330 MiB), so the growth is bounded, not a per-request leak.
 */
const MAX_RSS_GROWTH_BYTES = 256 * 1024 * 1024;

let rig: ClassifierRig;
beforeAll(async () => {
  rig = await startClassifierRig();
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

async function tinyJpegBase64(photo: string): Promise<string> {
  const bytes = await readFile(path.join(REPO_ROOT, 'models/files', photo));
  return (await sharp(bytes).resize(64, 64).jpeg({ quality: 80 }).toBuffer()).toString('base64');
}

it(`answers each of ${TOTAL_REQUESTS} flooded requests exactly once (result or BUSY) with bounded memory`, async () => {
  const { replies, classifier } = rig;
  const pid = classifier.pid as number;
  const photos = [await tinyJpegBase64('pelican.jpeg'), await tinyJpegBase64('macaw.jpg')];
  const idle = readProcessMemory(pid);
  const started = performance.now();

  const published = Promise.all(
    Array.from({ length: TOTAL_REQUESTS }, (_, index) =>
      rig.send({ json: { id: `flood-${index}`, image: { base64: photos[index % 2] } } }),
    ),
  );
  const rssSamples: number[] = [];
  for (let count = SAMPLE_EVERY_REPLIES; count <= TOTAL_REQUESTS; count += SAMPLE_EVERY_REPLIES) {
    await replies.waitForCount(count);
    rssSamples.push(readProcessMemory(pid).rssBytes);
  }
  await published;
  const elapsedMs = performance.now() - started;

  // A sentinel sent after the flood is answered last: anything still owed would come before it.
  await rig.send({ json: { id: 'after-flood', image: { base64: photos[0] } } });
  await replies.waitFor('after-flood');

  const perId = new Map<string, number>();
  for (const reply of replies.all) perId.set(reply.id, (perId.get(reply.id) ?? 0) + 1);
  const missing = [];
  for (let index = 0; index < TOTAL_REQUESTS; index++) {
    if (perId.get(`flood-${index}`) !== 1)
      missing.push(`flood-${index}: ${perId.get(`flood-${index}`) ?? 0}`);
  }
  expect(missing, 'requests without exactly one reply').toEqual([]);
  expect(replies.all).toHaveLength(TOTAL_REQUESTS + 1);
  expect(replies.invalid).toEqual([]);

  const flood = replies.all.filter((reply) => reply.id.startsWith('flood-'));
  const results = flood.filter((reply) => reply.status === 'ok');
  const busy = flood.filter((reply) => reply.status === 'error' && reply.error.code === 'BUSY');
  expect(results.length + busy.length).toBe(TOTAL_REQUESTS);
  expect(busy.length).toBeGreaterThan(0);
  expect(results.length).toBeGreaterThan(0);
  const labelOf = (parity: number) =>
    new Set(
      results
        .filter((reply) => Number(reply.id.slice(6)) % 2 === parity)
        .map((reply) => reply.status === 'ok' && reply.label),
    );
  expect(labelOf(0).size).toBe(1);
  expect(labelOf(1).size).toBe(1);
  expect([...labelOf(0)]).not.toEqual([...labelOf(1)]);

  const after = readProcessMemory(pid);
  const peakSampled = Math.max(...rssSamples);
  const growth = Math.max(peakSampled, after.peakRssBytes) - idle.peakRssBytes;
  console.info(
    `flood: ${TOTAL_REQUESTS} requests in ${Math.round(elapsedMs)} ms; ${results.length} results, ${busy.length} BUSY; ` +
      `classifier RSS idle ${mib(idle.rssBytes)} MiB (peak so far ${mib(idle.peakRssBytes)}), ` +
      `sampled max ${mib(peakSampled)} MiB, VmHWM after ${mib(after.peakRssBytes)} MiB, growth ${mib(growth)} MiB`,
  );
  expect(growth).toBeLessThan(MAX_RSS_GROWTH_BYTES);
  expect(classifier.running).toBe(true);
}, 120_000);
