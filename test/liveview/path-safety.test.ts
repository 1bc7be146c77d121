// No file outside ImageRoots is ever served by the live view, whatever the request names (`..`,
// a symlinked file or folder, percent-encoding, an absolute path) and whatever URL is asked for
// (every route, with `..` and encodings sent raw, as browsers never would). The secret is a
// solid magenta image: any image the server returns is checked not to be it, and no response
// carries its bytes.
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Entry } from '../../components/liveview/entry.ts';
import type { Harness, SdkClient } from '../emulator/helpers/ipc-harness.ts';
import { REPO_ROOT } from '../helpers/node-component.ts';
import { until } from '../helpers/until.ts';
import {
  type EventReader,
  type LiveViewProcess,
  startLiveViewRig,
  stopLiveViewRig,
} from './helpers/live-view-rig.ts';

let work: string;
let roots: string;
let secret: string;
let secretBytes: Buffer;
let harness: Harness;
let client: SdkClient;
let liveView: LiveViewProcess;
let reader: EventReader;

/** A GET with the request target sent exactly as given (no URL normalisation on the way). */
function rawGet(target: string): Promise<{ status: number; type: string; body: Buffer }> {
  const { hostname, port } = new URL(liveView.origin);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      { hostname, port, path: target, headers: { Authorization: `Bearer ${liveView.token}` } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            type: String(response.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    outgoing.on('error', reject);
    outgoing.end();
  });
}

async function isMagenta(image: Buffer): Promise<boolean> {
  const { channels } = await sharp(image).stats();
  const [red, green, blue] = channels.map((channel) => channel.mean);
  return (red ?? 0) > 200 && (green ?? 255) < 60 && (blue ?? 0) > 200;
}

const latest = (): Map<number, Entry> => {
  const entries = new Map<number, Entry>();
  for (const batch of reader.of<Entry[]>('entries')) for (const entry of batch) entries.set(entry.seq, entry);
  return entries;
};

const REQUESTS = (): Record<string, unknown> => ({
  dotdot: { image: { path: `${roots}/../secret/secret.jpg` } },
  'seed-dotdot': { image_dir: roots, fname: '../secret/secret.jpg' },
  'symlink-file': { image: { path: `${roots}/link-to-secret.jpg` } },
  'symlink-folder': { image: { path: `${roots}/linked-folder/secret.jpg` } },
  encoded: { image: { path: `${roots}/%2e%2e/secret/secret.jpg` } },
  'encoded-slash': { image: { path: `${roots}/..%2fsecret%2fsecret.jpg` } },
  absolute: { image: { path: secret } },
  'seed-absolute': { image_dir: path.dirname(secret), fname: 'secret.jpg' },
  control: { image: { path: `${roots}/pelican.jpeg` } },
});

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'live-view-paths-'));
  roots = path.join(work, 'roots');
  secret = path.join(work, 'secret', 'secret.jpg');
  await mkdir(roots);
  await mkdir(path.dirname(secret));
  secretBytes = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#ff00ff' } })
    .jpeg()
    .toBuffer();
  await sharp(secretBytes).toFile(secret);
  secretBytes = await readFile(secret);
  await copyFile(path.join(REPO_ROOT, 'models', 'files', 'pelican.jpeg'), path.join(roots, 'pelican.jpeg'));
  await symlink(secret, path.join(roots, 'link-to-secret.jpg'));
  await symlink(path.dirname(secret), path.join(roots, 'linked-folder'));

  ({ harness, client, liveView, reader } = await startLiveViewRig(['local/inference'], {
    ImageRoots: [roots],
  }));
  for (const [id, body] of Object.entries(REQUESTS())) {
    await client.publishToTopic({
      topic: 'local/inference',
      publishMessage: { jsonMessage: { message: { id, ...(body as object) } } },
    });
  }
  const count = Object.keys(REQUESTS()).length;
  await until(
    () => [...latest().values()].filter((entry) => entry.thumbnail !== 'pending').length === count,
    10_000,
  );
}, 60_000);

afterAll(async () => {
  await stopLiveViewRig({ reader, liveView, harness });
  await rm(work, { recursive: true, force: true });
});

describe('the live view and files outside ImageRoots', () => {
  it('makes a thumbnail of the file inside the roots and of none outside, saying only why', () => {
    const byId = Object.fromEntries([...latest().values()].map((entry) => [entry.id, entry]));
    expect(byId.control?.thumbnail).toBe('ready');
    for (const id of [
      'dotdot',
      'seed-dotdot',
      'symlink-file',
      'symlink-folder',
      'absolute',
      'seed-absolute',
    ]) {
      expect([id, byId[id]?.thumbnail, byId[id]?.thumbnailNote]).toEqual([id, 'none', 'PATH_NOT_ALLOWED']);
    }
    // Percent signs are file-name characters: no such file inside the roots.
    expect(byId.encoded?.thumbnailNote).toBe('IMAGE_NOT_FOUND');
    expect(byId['encoded-slash']?.thumbnailNote).toBe('IMAGE_NOT_FOUND');
    expect(JSON.stringify(reader.events)).not.toContain(path.dirname(secret));
  });

  it('returns nothing of the secret through any URL, sent raw', async () => {
    const secretPath = secret;
    const targets = [
      ...Array.from({ length: 12 }, (_, index) => `/thumbnails/${index + 1}`),
      '/thumbnails/../../secret/secret.jpg',
      `/thumbnails/..${secretPath}`,
      '/thumbnails/%2e%2e/%2e%2e/secret/secret.jpg',
      '/thumbnails/1%2f..%2f..%2fsecret%2fsecret.jpg',
      `/thumbnails/${encodeURIComponent(secretPath)}`,
      '/thumbnails/1/../../../secret/secret.jpg',
      `/..${secretPath}`,
      `/%2e%2e${secretPath}`,
      `//${secretPath}`,
      `/${encodeURIComponent(secretPath)}`,
      `${secretPath}`,
      `/app.js/..${secretPath}`,
      `/style.css/../../${path.relative('/', secretPath)}`,
      `/app.js%00${secretPath}`,
      `/events/..${secretPath}`,
      `/?token=${liveView.token}&file=${encodeURIComponent(secretPath)}`,
      `/?path=${encodeURIComponent(secretPath)}`,
      `/page/..${secretPath}`,
      '/index.html',
      '/page/index.html',
      '/thumbnails/0',
      '/thumbnails/-1',
      '/thumbnails/01',
      '/thumbnails/1.webp',
    ];
    let images = 0;
    for (const target of targets) {
      const response = await rawGet(target);
      expect(response.body.includes(secretBytes.subarray(200, 264)), target).toBe(false);
      if (response.type.startsWith('image/')) {
        images += 1;
        expect(await isMagenta(response.body), target).toBe(false);
      }
    }
    // The control's thumbnail is served (the check above can fail): exactly one image, once.
    const control = [...latest().values()].find((entry) => entry.id === 'control');
    expect(images).toBe(1);
    expect((await rawGet(`/thumbnails/${control?.seq}`)).type).toBe('image/webp');
  });

  it('serves the page files only from their fixed list', async () => {
    expect((await rawGet('/app.js')).status).toBe(200);
    // Normalised as a browser would: `/./app.js/..` is the page itself.
    expect((await rawGet('/./app.js/..')).type).toBe('text/html; charset=utf-8');
    for (const target of ['/app.js/', '/APP.JS', '/components/liveview/page/app.js', '/page-files.ts']) {
      expect([target, (await rawGet(target)).status]).toEqual([target, 404]);
    }
  });
});
