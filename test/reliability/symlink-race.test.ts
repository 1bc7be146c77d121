// A writer inside ImageRoots swaps a folder for a link to a folder outside, over and over, while
// requests name a photo in it: the path checks pass on the real folder, and the open can land on
// the link. The classifier must never answer with what it read outside the root (before the
// opened file was checked, 17 of 1,065 replies in 8 s classified the outside photo). The swapper
// is a process of its own, so swaps and reads truly interleave.

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Classifier, createClassifier } from '../../components/classifier/local-classifier.ts';
import { createImagePathPolicy } from '../../components/image-files/path-policy.ts';
import { MODEL_CARD_PATH, sampleImage } from '../classifier/model-files.ts';

/** How long the race runs (SYMLINK_RACE_SECONDS=30 reproduces the figure). */
const RACE_MS = Number(process.env.SYMLINK_RACE_SECONDS ?? 5) * 1000;

let work: string;
let classifier: Classifier;
let swapper: ChildProcess;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'symlink-race-'));
  for (const [folder, photo] of [
    ['root/photos', 'pelican.jpeg'],
    ['outside', 'macaw.jpg'],
  ] as const) {
    fs.mkdirSync(path.join(work, folder), { recursive: true });
    fs.copyFileSync(sampleImage(photo), path.join(work, folder, 'photo.jpg'));
  }
  classifier = await createClassifier({ modelCardPath: MODEL_CARD_PATH });
});

afterAll(async () => {
  swapper?.kill('SIGKILL');
  await classifier?.close();
  fs.rmSync(work, { recursive: true, force: true });
});

const SWAPPER = `
const fs = require('node:fs');
const [photos, away, outside] = process.argv.slice(1);
for (;;) {
  try {
    fs.renameSync(photos, away);
    fs.symlinkSync(outside, photos);
    fs.unlinkSync(photos);
    fs.renameSync(away, photos);
  } catch {}
}`;

it(
  `never answers with a photo read outside ImageRoots while the path is swapped for a link (${RACE_MS / 1000} s)`,
  async () => {
    const root = path.join(work, 'root');
    const photos = path.join(root, 'photos');
    const policy = await createImagePathPolicy([root]);
    swapper = spawn(
      process.execPath,
      ['-e', SWAPPER, photos, path.join(root, 'photos.away'), path.join(work, 'outside')],
      {
        stdio: 'ignore',
      },
    );
    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    const until = performance.now() + RACE_MS;
    while (performance.now() < until) {
      const reply = await classifier.classifyFile(path.join(photos, 'photo.jpg'), { policy });
      const { label, error } = reply as { label?: string; error?: { code?: string } };
      count(reply.status === 'ok' ? `ok ${label}` : `error ${error?.code}`);
    }
    swapper.kill('SIGKILL');
    console.log(`symlink race over ${RACE_MS / 1000} s: ${JSON.stringify(Object.fromEntries(outcomes))}`);
    expect(outcomes.get('ok macaw') ?? 0).toBe(0);
    expect(outcomes.get('ok pelican') ?? 0).toBeGreaterThan(0);
  },
  RACE_MS + 30_000,
);
