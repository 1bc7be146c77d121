// The live view in a real browser: Debian's headless Chromium driven by playwright-core, the
// real classifier answering over the real IPC server, the live view as its own process. The
// page loads with the token, a request sent through IPC shows up within a second with its
// thumbnail and label, the plots redraw, and a wrong token gets nothing. The screenshot the
// README shows is this test's (UPDATE_SCREENSHOTS=1 writes it to docs/images/live-view.png).
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../emulator/helpers/ipc-harness.ts';
import { type NodeComponent, REPO_ROOT } from '../helpers/node-component.ts';
import type { ReplyCollector } from '../helpers/reply-collector.ts';
import {
  connectTestClient,
  launchClassifier,
  type TestMessage,
} from '../reliability/helpers/classifier-rig.ts';
import { chromiumPath } from './helpers/chromium.ts';
import { type LiveViewProcess, launchLiveView } from './helpers/live-view-rig.ts';

const PHOTOS = path.join(REPO_ROOT, 'models', 'files');
/** The bound: from the publish to the entry on screen with its thumbnail and label. */
const SHOWN_WITHIN_MS = 1_000;
const SCREENSHOT = process.env.UPDATE_SCREENSHOTS
  ? path.join(REPO_ROOT, 'docs', 'images', 'live-view.png')
  : path.join(mkdtempSync(path.join(tmpdir(), 'live-view-')), 'live-view.png');

/**
 * What the functions run inside the page use of its globals (the project compiles without the
 * DOM library, which would let Node code use browser names unnoticed).
 */
interface PageNode {
  readonly textContent: string | null;
  readonly complete?: boolean;
  readonly naturalWidth?: number;
  readonly value?: number;
  toDataURL?(): string;
  querySelector(selector: string): PageNode | null;
}
declare const document: {
  querySelector(selector: string): PageNode | null;
  querySelectorAll(selector: string): Iterable<PageNode>;
};

let harness: Harness;
let classifier: NodeComponent;
let liveView: LiveViewProcess;
let replies: ReplyCollector;
let send: (message: TestMessage) => Promise<void>;
let browser: Browser;
let page: Page;

const pathRequest = (id: string, file: string): TestMessage => ({
  json: { id, image: { path: path.join(PHOTOS, file) } },
});

/** Resolves once the entry of `id` shows its label and a loaded thumbnail. */
const shownWithLabel = (id: string, label: string) =>
  page.waitForFunction(
    ([wantedId, wantedLabel]) =>
      [...document.querySelectorAll('article.entry[data-status="ok"]')].some((card) => {
        const image = card.querySelector('img.thumb');
        return (
          card.textContent?.includes(wantedId ?? '') &&
          card.querySelector('.labels .label')?.textContent === wantedLabel &&
          image?.complete === true &&
          (image.naturalWidth ?? 0) > 0
        );
      }),
    [id, label],
    { timeout: 10_000, polling: 'raf' },
  );

beforeAll(async () => {
  harness = await startHarness();
  const launched = await launchClassifier(harness, { ImageRoots: [PHOTOS] });
  classifier = launched.classifier;
  ({ replies, send } = await connectTestClient(harness));
  await launched.running;
  liveView = await launchLiveView(harness, { ImageRoots: [PHOTOS] });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await liveView?.process.stop();
  await classifier?.stop();
  await harness?.close();
});

describe('the live view in headless Chromium', () => {
  it('loads with the token from the log, which moves into a cookie, and goes live', async () => {
    const response = await page.goto(liveView.pageAddress.href);
    expect(response?.status()).toBe(200);
    expect(page.url()).toBe(`${liveView.origin}/`);
    expect(await page.title()).toBe('Image classifier: live view');
    await page.waitForSelector('#connection[data-state="open"]', { timeout: 5_000 });
  });

  it('shows a request sent through IPC within a second, with its thumbnail and label', async () => {
    // The classifier's first inference is slower (session warm-up): not the live view's latency.
    await send(pathRequest('warm-up', 'macaw.jpg'));
    await replies.waitFor('warm-up');
    const sentAt = Date.now();
    await send(pathRequest('browser-pelican', 'pelican.jpeg'));
    await shownWithLabel('browser-pelican', 'pelican');
    const shownAfterMs = Date.now() - sentAt;
    console.log(`live view: request shown with thumbnail and label ${shownAfterMs} ms after the publish`);
    expect(shownAfterMs).toBeLessThan(SHOWN_WITHIN_MS);
    const bars = await page.$$eval('article.entry[data-status="ok"] .labels meter', (meters) =>
      meters.map((meter) => (meter as unknown as PageNode).value ?? 0),
    );
    expect(bars.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...bars)).toBeGreaterThan(0.9);
  });

  it('redraws the latency and throughput plots and counts errors by code', async () => {
    const before = await page.$eval('#throughput', (canvas) => (canvas as unknown as PageNode).toDataURL?.());
    // A few seconds of traffic, so both plots have several one-second points.
    for (let index = 0; index < 12; index += 1) {
      await send(pathRequest(`browser-stream-${index}`, index % 2 === 0 ? 'pelican.jpeg' : 'cat.jpeg'));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await send(pathRequest('browser-cat', 'cat.jpeg'));
    await send(pathRequest('browser-dog', 'dog.jpg'));
    await send({
      json: {
        id: 'browser-inline',
        image: { base64: (await readFile(path.join(PHOTOS, 'macaw.jpg'))).toString('base64') },
      },
    });
    await send({ json: { id: 'browser-outside', image: { path: '/etc/hostname' } } });
    await shownWithLabel('browser-dog', 'black-and-tan coonhound');
    await shownWithLabel('browser-inline', 'macaw');
    await page.waitForFunction(
      () => document.querySelector('#codes')?.textContent?.includes('PATH_NOT_ALLOWED'),
      undefined,
      { timeout: 5_000 },
    );
    await page.waitForFunction(
      (previous) => document.querySelector('#throughput')?.toDataURL?.() !== previous,
      before,
      { timeout: 5_000 },
    );
    const points = await page.$$eval('canvas', (canvases) =>
      Object.fromEntries(canvases.map((canvas) => [canvas.id, Number(canvas.dataset.points)])),
    );
    expect(points.latency).toBeGreaterThanOrEqual(4); // p50 and p99 of at least two seconds
    expect(points.throughput).toBeGreaterThanOrEqual(4);
    expect(await page.textContent('#totals')).toMatch(/^\d+ results: \d+ ok, 1 error$/);
    const outside = page.locator('article.entry', { hasText: 'browser-outside' });
    expect(await outside.getAttribute('data-status')).toBe('error');
    expect(await outside.locator('.thumb').textContent()).toBe('PATH_NOT_ALLOWED');

    await page.screenshot({ path: SCREENSHOT, fullPage: false });
    const shot = await sharp(SCREENSHOT).metadata();
    expect([shot.format, shot.width, shot.height]).toEqual(['png', 1280, 860]);
    console.log(`live view: screenshot saved to ${SCREENSHOT}`);
  });

  it('refuses a wrong or missing token and shows nothing', async () => {
    const stranger = await browser.newContext();
    const guess = await stranger.newPage();
    for (const address of [`${liveView.origin}/?token=${'0'.repeat(32)}`, `${liveView.origin}/`]) {
      const response = await guess.goto(address);
      expect(response?.status()).toBe(401);
      expect(await guess.textContent('body')).toContain('wrong or missing token');
      expect(await guess.locator('article.entry').count()).toBe(0);
    }
    const events = await guess.evaluate(async () => (await fetch('/events')).status);
    expect(events).toBe(401);
    await stranger.close();
  });
});
