// The watched-folder source on real files with chokidar, the classifier replaced by a recorder:
// delete and move after the reply, the ledger across a restart of the source, files that are not
// images or are hidden left alone.
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWatchLedger } from '../../components/classifier/service/watch-ledger.ts';
import { startWatchSource, type WatchSettings } from '../../components/classifier/service/watch-source.ts';
import type { Reply } from '../../components/contract/index.ts';
import { until } from '../helpers/until.ts';

const SETTLE_MS = 100;
let base: string;
const logger = pino({ level: 'silent' });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const okReply = (id: string): Reply =>
  ({ id, status: 'ok', timestamp: new Date().toISOString() }) as unknown as Reply;

async function run(settings: WatchSettings, seen: string[]) {
  const ledger = await openWatchLedger(path.join(base, 'ledger.jsonl'));
  return startWatchSource({
    settings,
    ledger,
    logger,
    settleMs: SETTLE_MS,
    classify: async (file) => {
      seen.push(path.basename(file));
      return okReply(file);
    },
  });
}

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'watch-source-'));
});
afterAll(() => rm(base, { recursive: true, force: true }));

describe('watched folder source', () => {
  it('moves or deletes a file after its reply, and leaves other files alone', async () => {
    const inbox = path.join(base, 'inbox');
    const done = path.join(base, 'done');
    await mkdir(inbox);
    await mkdir(done);
    const seen: string[] = [];
    const source = await run({ directory: inbox, after: 'move', moveTo: done }, seen);
    await writeFile(path.join(inbox, 'a.jpg'), 'jpeg bytes');
    await writeFile(path.join(inbox, 'notes.txt'), 'not an image');
    await writeFile(path.join(inbox, '.partial.jpg'), 'still being written');
    await until(() => seen.length === 1);
    await sleep(4 * SETTLE_MS); // room for the other two files to be (wrongly) taken
    await source.stop(); // waits for the file in flight: its reply, record and move
    expect(seen).toEqual(['a.jpg']);
    expect((await readdir(done)).sort()).toEqual(['a.jpg']);
    expect((await readdir(inbox)).sort()).toEqual(['.partial.jpg', 'notes.txt']);

    const deleting = await run({ directory: done, after: 'delete', moveTo: '' }, seen);
    await until(() => seen.length === 2);
    await deleting.stop();
    expect(await readdir(done)).toEqual([]);
  });

  it('remembers what it classified across a restart, and classifies a replaced file again', async () => {
    const kept = path.join(base, 'kept');
    await mkdir(kept);
    await writeFile(path.join(kept, 'b.png'), 'png bytes');
    const seen: string[] = [];
    const first = await run({ directory: kept, after: 'keep', moveTo: '' }, seen);
    await until(() => seen.length === 1);
    await first.stop();
    const second = await run({ directory: kept, after: 'keep', moveTo: '' }, seen);
    await sleep(4 * SETTLE_MS); // long enough to have classified it again
    expect(seen).toEqual(['b.png']);
    await writeFile(path.join(kept, 'b.png'), 'new png bytes, longer');
    await until(() => seen.length === 2);
    expect(seen).toEqual(['b.png', 'b.png']);
    await second.stop();
  });
});
