// com.custom.LiveView as a real process on the real IPC server: an unmodified SDK client
// publishes requests and replies on the two topics, and what the component makes of them is read
// from its own event stream and thumbnail URLs, as a page reads them.
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

let harness: Harness;
let client: SdkClient;
let liveView: LiveViewProcess;
let reader: EventReader;

const publish = (topic: string, value: unknown) =>
  client.publishToTopic({ topic, publishMessage: { jsonMessage: { message: value } } });
const okReply = (id: string, label: string, totalMs: number) => ({
  id,
  status: 'ok',
  timestamp: new Date().toISOString(),
  label,
  index: 144,
  probability: 0.9,
  top: [
    { index: 144, label, probability: 0.9 },
    { index: 1, label: 'goldfish', probability: 0.05 },
  ],
  model: { name: 'test-model', sha256: 'a'.repeat(64) },
  timings: { queueMs: 0, decodeMs: 1, inferMs: 2, totalMs },
});

/** Every entry the stream has shown, latest state per seq. */
function latestEntries(): Map<number, Entry> {
  const entries = new Map<number, Entry>();
  for (const snapshot of reader.of<{ entries: Entry[] }>('snapshot'))
    for (const entry of snapshot.entries) entries.set(entry.seq, entry);
  for (const batch of reader.of<Entry[]>('entries')) for (const entry of batch) entries.set(entry.seq, entry);
  return entries;
}
const entryWith = (match: (entry: Entry) => boolean) => [...latestEntries().values()].find(match);
async function waitForEntry(match: (entry: Entry) => boolean): Promise<Entry> {
  await until(() => entryWith(match) !== undefined, 10_000);
  return entryWith(match) as Entry;
}
const thumbnail = (seq: number, token = liveView.token) =>
  fetch(`${liveView.origin}/thumbnails/${seq}`, { headers: { Authorization: `Bearer ${token}` } });

beforeAll(async () => {
  ({ harness, client, liveView, reader } = await startLiveViewRig(['local/inference', 'local/result'], {
    ImageRoots: [PHOTOS],
    ReplyWaitMs: 500,
    HistorySize: 20,
  }));
}, 60_000);

afterAll(async () => {
  await stopLiveViewRig({ reader, liveView, harness });
});

describe('com.custom.LiveView', () => {
  it('prints the page address on 127.0.0.1 with a 32-hex-digit token', () => {
    expect(liveView.pageAddress.hostname).toBe('127.0.0.1');
    expect(liveView.token).toMatch(/^[0-9a-f]{32}$/);
  });

  it('shows a path request with its thumbnail, then its reply with top labels and latency', async () => {
    await publish('local/inference', { id: 'p-1', image: { path: path.join(PHOTOS, 'pelican.jpeg') } });
    const waiting = await waitForEntry((entry) => entry.id === 'p-1' && entry.thumbnail === 'ready');
    expect(waiting).toMatchObject({ name: 'pelican.jpeg', source: 'path' });
    const response = await thumbnail(waiting.seq);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/webp');
    const image = await sharp(Buffer.from(await response.arrayBuffer())).metadata();
    expect(Math.max(image.width ?? 0, image.height ?? 0)).toBe(160);

    await publish('local/result', okReply('p-1', 'pelican', 42.5));
    const settled = await waitForEntry((entry) => entry.id === 'p-1' && entry.status === 'ok');
    expect(settled.seq).toBe(waiting.seq);
    expect(settled.latencyMs).toBe(42.5);
    expect(settled.top.map((label) => label.label)).toEqual(['pelican', 'goldfish']);
    expect(settled.model).toBe('test-model');
  });

  it('makes thumbnails of inline base64 and raw image bytes', async () => {
    const bytes = await readFile(path.join(PHOTOS, 'cat.jpeg'));
    await publish('local/inference', { id: 'b-1', image: { base64: bytes.toString('base64') } });
    await client.publishToTopic({
      topic: 'local/inference',
      publishMessage: { binaryMessage: { message: bytes } },
    });
    const inline = await waitForEntry((entry) => entry.id === 'b-1' && entry.thumbnail === 'ready');
    const raw = await waitForEntry(
      (entry) => entry.id === undefined && entry.source === 'inline' && entry.thumbnail === 'ready',
    );
    expect((await thumbnail(inline.seq)).status).toBe(200);
    expect((await thumbnail(raw.seq)).status).toBe(200);
  });

  it('shows a copy of a request (same id) once, and an error reply with its code', async () => {
    for (let copy = 0; copy < 3; copy += 1)
      await publish('local/inference', { id: 'dup-1', image: { path: '/nowhere/x.jpg' } });
    await publish('local/result', {
      id: 'dup-1',
      status: 'error',
      timestamp: new Date().toISOString(),
      error: { code: 'PATH_NOT_ALLOWED', message: '/nowhere/x.jpg is outside ImageRoots' },
    });
    const settled = await waitForEntry((entry) => entry.id === 'dup-1' && entry.status === 'error');
    expect(settled).toMatchObject({
      code: 'PATH_NOT_ALLOWED',
      thumbnail: 'none',
      thumbnailNote: 'PATH_NOT_ALLOWED',
    });
    expect([...latestEntries().values()].filter((entry) => entry.id === 'dup-1')).toHaveLength(1);
  });

  it('marks a request without a reply as no-reply after ReplyWaitMs and counts it', async () => {
    await publish('local/inference', { id: 'lost-1', image: { path: path.join(PHOTOS, 'dog.jpg') } });
    await waitForEntry((entry) => entry.id === 'lost-1' && entry.status === 'no-reply');
    await until(() => (reader.of<StatsSnapshot>('stats').at(-1)?.errorCodes.NO_REPLY ?? 0) >= 1, 5_000);
    const stats = reader.of<StatsSnapshot>('stats').at(-1) as StatsSnapshot;
    expect(stats.errorCodes.PATH_NOT_ALLOWED).toBe(1);
    expect(stats.points.some((point) => point.p50 !== undefined)).toBe(true);
  });

  it('pairs the reply to a request without id, and shows a reply whose request it never saw', async () => {
    await publish('local/inference', { image_dir: PHOTOS, fname: 'macaw.jpg' });
    await waitForEntry((entry) => entry.name === 'macaw.jpg' && entry.status === 'waiting');
    await publish('local/result', okReply('3f2c5a1e-made-up-by-the-classifier', 'macaw', 30));
    await waitForEntry((entry) => entry.name === 'macaw.jpg' && entry.status === 'ok');
    await publish('local/result', okReply('never-requested', 'tabby', 30));
    const unseen = await waitForEntry((entry) => entry.id === 'never-requested');
    expect(unseen).toMatchObject({ source: 'unseen', status: 'ok', thumbnail: 'none' });
  });

  it('keeps only the last HistorySize entries and drops their thumbnails', async () => {
    for (let index = 0; index < 25; index += 1) {
      await publish('local/inference', {
        id: `many-${index}`,
        image: { path: path.join(PHOTOS, 'cat.jpeg') },
      });
    }
    await waitForEntry((entry) => entry.id === 'many-24');
    const fresh = new EventReader(liveView.origin, liveView.token);
    await until(() => fresh.of('snapshot').length === 1);
    const [snapshot] = fresh.of<{ entries: Entry[] }>('snapshot');
    await fresh.close();
    expect(snapshot?.entries).toHaveLength(20);
    expect(snapshot?.entries.at(-1)?.id).toBe('many-24');
    const first = latestEntries().get(1);
    expect(first?.id).toBe('p-1');
    expect((await thumbnail(1)).status).toBe(404);
  });

  it('refuses every URL without the right token, and takes it once from the address into a cookie', async () => {
    for (const url of ['/', '/app.js', '/style.css', '/events', '/thumbnails/2']) {
      expect((await fetch(`${liveView.origin}${url}`)).status, url).toBe(401);
      expect((await thumbnail(2, 'f'.repeat(32))).status).toBe(401);
    }
    const wrong = await fetch(`${liveView.origin}/?token=${'0'.repeat(32)}`, { redirect: 'manual' });
    expect(wrong.status).toBe(401);
    const right = await fetch(liveView.pageAddress, { redirect: 'manual' });
    expect(right.status).toBe(303);
    const cookie = right.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await fetch(`${liveView.origin}/`, { headers: { Cookie: cookie.split(';')[0] ?? '' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('<canvas id="latency"');
  });

  it('applies a configuration update live: a new token shuts the open pages out, HistorySize shrinks, ImageRoots change, Port moves', async () => {
    const newToken = 'n'.repeat(24);
    const lines = liveView.process.lines.length;
    harness.server.configuration.merge(LIVE_VIEW, [], { Token: newToken, HistorySize: 3 }, Date.now());
    await reader.done; // the stream opened with the old token was ended
    await until(() =>
      liveView.process
        .messages()
        .slice(lines)
        .some((message) => message.endsWith('(new token)')),
    );
    expect((await thumbnail(2)).status).toBe(401);
    reader = new EventReader(liveView.origin, newToken);
    await until(() => reader.of('snapshot').length === 1);
    expect(reader.of<{ entries: Entry[] }>('snapshot')[0]?.entries).toHaveLength(3);

    // New ImageRoots hold for the next request, even for a photo whose thumbnail was made before.
    harness.server.configuration.merge(LIVE_VIEW, [], { ImageRoots: ['/nonexistent-root'] }, Date.now());
    await liveView.process.waitForMessage('configuration applied: imageRoots');
    await publish('local/inference', {
      id: 'after-roots',
      image: { path: path.join(PHOTOS, 'pelican.jpeg') },
    });
    expect(
      await waitForEntry((entry) => entry.id === 'after-roots' && entry.thumbnail !== 'pending'),
    ).toMatchObject({
      thumbnail: 'none',
      thumbnailNote: 'PATH_NOT_ALLOWED',
    });

    const port = await freePort();
    harness.server.configuration.merge(LIVE_VIEW, [], { Port: port }, Date.now());
    await until(() =>
      liveView.process
        .messages()
        .some((message) => message.startsWith(`live view: http://127.0.0.1:${port}/`)),
    );
    const moved = await fetch(`http://127.0.0.1:${port}/app.js`, {
      headers: { Authorization: `Bearer ${newToken}` },
    });
    expect(moved.status).toBe(200);
    await expect(fetch(`${liveView.origin}/app.js`)).rejects.toThrow();
    liveView = { ...liveView, origin: `http://127.0.0.1:${port}`, token: newToken };
    reader = new EventReader(liveView.origin, newToken);
  });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
