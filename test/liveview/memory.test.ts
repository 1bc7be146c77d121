// 10,000 requests and replies through the live view, with a page connected: its memory stays
// bounded (the last HistorySize entries, their thumbnails, five minutes of one-second stats).
// The process runs with the recipe's NODE_OPTIONS and MALLOC_ARENA_MAX, as on a device; its
// resident set is read from /proc (proc(5), VmRSS) after every 1,000 results.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Entry } from '../../components/liveview/entry.ts';
import type { StatsSnapshot } from '../../components/liveview/traffic-stats.ts';
import type { Harness, SdkClient } from '../emulator/helpers/ipc-harness.ts';
import { REPO_ROOT } from '../helpers/node-component.ts';
import { until } from '../helpers/until.ts';
import {
  EventReader,
  LIVE_VIEW,
  type LiveViewProcess,
  startLiveViewRig,
  stopLiveViewRig,
} from './helpers/live-view-rig.ts';

const PHOTOS = path.join(REPO_ROOT, 'models', 'files');
const RESULTS = 10_000;
const WARM_RESULTS = 1_000;
/** Requests published at once (each awaits its IPC response). */
const IN_FLIGHT = 32;
/** RSS is read after every this many results. */
const SAMPLE_EVERY = 1_000;
/** How much higher the second half's peak may be than the first's: the garbage collector's slack. */
const MAX_GROWTH_MB = 24;

let harness: Harness;
let client: SdkClient;
let liveView: LiveViewProcess;
let reader: EventReader;
let inline: string;

async function residentMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]) / 1024;
}

function pair(index: number): Array<{ topic: string; message: unknown }> {
  const id = `m-${index}`;
  const photo = ['pelican.jpeg', 'cat.jpeg', 'dog.jpg', 'macaw.jpg'][index % 4] as string;
  const image = index % 10 === 0 ? { base64: inline } : { path: path.join(PHOTOS, photo) };
  const reply =
    index % 50 === 0
      ? {
          id,
          status: 'error',
          timestamp: new Date().toISOString(),
          error: { code: 'BUSY', message: 'queue full' },
        }
      : {
          id,
          status: 'ok',
          timestamp: new Date().toISOString(),
          label: photo,
          index: 1,
          probability: 0.8,
          top: [1, 2, 3, 4, 5].map((rank) => ({
            index: rank,
            label: `${photo}-${rank}`,
            probability: 0.8 / rank,
          })),
          model: { name: 'test', sha256: 'b'.repeat(64) },
          timings: { queueMs: 0, decodeMs: 3, inferMs: 10, totalMs: 10 + (index % 40) },
        };
  return [
    { topic: 'local/inference', message: { id, image } },
    { topic: 'local/result', message: reply },
  ];
}

async function stream(from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += IN_FLIGHT) {
    const batch = Array.from({ length: Math.min(IN_FLIGHT, to - start) }, (_, offset) =>
      pair(start + offset),
    );
    await Promise.all(
      batch.map(async ([request, reply]) => {
        for (const { topic, message } of [request, reply].filter((item) => item !== undefined)) {
          await client.publishToTopic({ topic, publishMessage: { jsonMessage: { message } } });
        }
      }),
    );
  }
}

const lastStats = () => reader.of<StatsSnapshot>('stats').at(-1);

beforeAll(async () => {
  inline = (await readFile(path.join(PHOTOS, 'cat.jpeg'))).toString('base64');
  const recipe = parse(await readFile(path.join(REPO_ROOT, 'recipes', `${LIVE_VIEW}.yaml`), 'utf8'));
  const { NODE_OPTIONS, MALLOC_ARENA_MAX } = recipe.Manifests[0].Lifecycle.Setenv;
  ({ harness, client, liveView, reader } = await startLiveViewRig(
    ['local/inference', 'local/result'],
    { ImageRoots: [PHOTOS] },
    { NODE_OPTIONS, MALLOC_ARENA_MAX },
  ));
}, 60_000);

afterAll(async () => {
  await stopLiveViewRig({ reader, liveView, harness });
});

it(`keeps its memory bounded over ${RESULTS} results with a page connected`, async () => {
  const pid = liveView.process.pid as number;
  const samples: Array<[number, number]> = [[0, await residentMb(pid)]];
  const startedAt = Date.now();
  for (let done = 0; done < RESULTS; done += SAMPLE_EVERY) {
    await stream(done, done + SAMPLE_EVERY);
    await until(() => (lastStats()?.totals.results ?? 0) >= done + SAMPLE_EVERY, 30_000);
    samples.push([done + SAMPLE_EVERY, await residentMb(pid)]);
  }
  const seconds = (Date.now() - startedAt) / 1000;
  console.log(
    `live view RSS (MB) by results: ${samples.map(([results, mb]) => `${results}: ${mb.toFixed(1)}`).join(', ')} ` +
      `(${(RESULTS / seconds).toFixed(0)} results/s streamed)`,
  );

  const stats = lastStats() as StatsSnapshot;
  expect(stats.totals).toEqual({ results: RESULTS, ok: RESULTS - RESULTS / 50, errors: RESULTS / 50 });
  expect(stats.errorCodes).toEqual({ BUSY: RESULTS / 50 });
  const fresh = new EventReader(liveView.origin, liveView.token);
  await until(() => fresh.of('snapshot').length === 1);
  const [snapshot] = fresh.of<{ entries: Entry[] }>('snapshot');
  await fresh.close();
  expect(snapshot?.entries).toHaveLength(100);
  expect(snapshot?.entries.at(-1)?.id).toBe(`m-${RESULTS - 1}`);
  // A plateau, not a slope: the second half of the run peaks no higher than the first (after
  // warming up) plus the garbage collector's slack.
  const peak = (from: number, to: number) =>
    Math.max(...samples.filter(([results]) => results > from && results <= to).map(([, mb]) => mb));
  expect(peak(RESULTS / 2, RESULTS)).toBeLessThan(peak(WARM_RESULTS, RESULTS / 2) + MAX_GROWTH_MB);
}, 180_000);
