// The watched-folder source with the classifier process on the real IPC server: 100 photos copied
// into the folder, some written slowly in chunks, across a classifier restart: one reply per
// photo, none twice, none for a half-written file (a half-read JPEG would be CORRUPT_IMAGE).
import { copyFile, mkdir, mkdtemp, open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../components/contract/index.ts';
import { type Harness, startHarness } from '../emulator/helpers/ipc-harness.ts';
import type { NodeComponent } from '../helpers/node-component.ts';
import { ReplyCollector } from '../helpers/reply-collector.ts';
import { until } from '../helpers/until.ts';
import { launchClassifier } from '../reliability/helpers/classifier-rig.ts';

const photosDir = process.env.ACCURACY_IMAGES;
/** Chunks of a slowly written photo, and the pause between them (under the 500 ms settle time). */
const CHUNKS = 5;
const CHUNK_PAUSE_MS = 150;

let harness: Harness;
let classifier: NodeComponent;
let client: greengrasscoreipc.Client;
let replies: ReplyCollector;
let watched: string;
let workDir: string;

async function startClassifier(): Promise<void> {
  const launched = await launchClassifier(
    harness,
    { WatchDirectory: watched },
    { COMPONENT_WORK_DIR: workDir },
  );
  classifier = launched.classifier;
  await launched.running;
}

/** Writes a photo in CHUNKS pieces with pauses, as a slow camera upload would. */
async function writeSlowly(from: string, to: string): Promise<void> {
  const bytes = await readFile(from);
  const file = await open(to, 'w');
  try {
    const size = Math.ceil(bytes.length / CHUNKS);
    for (let offset = 0; offset < bytes.length; offset += size) {
      await file.write(bytes.subarray(offset, offset + size));
      await new Promise((resolve) => setTimeout(resolve, CHUNK_PAUSE_MS));
    }
  } finally {
    await file.close();
  }
}

const byPhoto = (all: readonly Reply[]) => {
  const counts = new Map<string, number>();
  for (const reply of all) {
    const name = reply.id.replace(/^watch-\d+-/, '');
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return counts;
};

describe.skipIf(!photosDir)('watched folder (ACCURACY_IMAGES photos)', () => {
  beforeAll(async () => {
    harness = await startHarness();
    const base = await mkdtemp(path.join(harness.directory, 'watch-'));
    watched = path.join(base, 'incoming');
    workDir = path.join(base, 'work');
    await mkdir(watched);
    await mkdir(workDir);
    client = await harness.connect(harness.addComponent('test.client', { subscribe: ['local/result'] }));
    replies = await ReplyCollector.start(client);
    await startClassifier();
  }, 60_000);

  afterAll(async () => {
    await classifier?.stop();
    await harness?.close();
  });

  it('classifies 100 photos once each, slow writers and a restart included', async () => {
    const photos = (await readdir(photosDir as string)).filter((name) => /\.jpe?g$/i.test(name)).sort();
    expect(photos).toHaveLength(100);
    const from = (name: string) => path.join(photosDir as string, name);
    // 45 at once and 5 written slowly, while the classifier runs.
    const slow = photos.slice(45, 50);
    await Promise.all([
      ...photos.slice(0, 45).map((name) => copyFile(from(name), path.join(watched, name))),
      ...slow.map((name) => writeSlowly(from(name), path.join(watched, name))),
    ]);
    await until(() => replies.all.length >= 50, 60_000);
    await classifier.stop();
    // 45 more while it is down, 5 more slowly after it is back.
    await Promise.all(photos.slice(50, 95).map((name) => copyFile(from(name), path.join(watched, name))));
    await startClassifier();
    await Promise.all(photos.slice(95).map((name) => writeSlowly(from(name), path.join(watched, name))));
    await until(() => replies.all.length >= 100, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // nothing more may come
    const counts = byPhoto(replies.all);
    expect([...counts].filter(([, count]) => count !== 1)).toEqual([]);
    expect([...counts.keys()].sort()).toEqual(photos);
    expect(replies.all.filter((reply) => reply.status !== 'ok')).toEqual([]);
  }, 180_000);
});
