// The bad-input matrix: one real classifier process on the real IPC server takes every kind of
// malformed, hostile or unusual request and answers each with exactly one reply carrying the
// expected code (or a correct result for valid images), and the next good request is still
// answered. Image fixtures are made here with sharp from the fetched sample photo.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../components/classifier/error-codes.ts';
import { MAX_ID_LENGTH, MAX_TOP_K } from '../../components/contract/index.ts';
import { REPO_ROOT } from '../helpers/node-component.ts';
import type { ContractReply } from '../helpers/reply-collector.ts';
import { type ClassifierRig, startClassifierRig, type TestMessage } from './helpers/classifier-rig.ts';
import {
  type PhotoVariants,
  photoVariants,
  pngBomb,
  seededBytes,
  writeFixture,
} from './helpers/image-fixtures.ts';

/** Small enough that an inline image over it is cheap to publish; the photos stay far below it. */
const MAX_IMAGE_BYTES = 2 * 1024 * 1024;
/** docs/nucleus-flavours.md: the largest binary message nucleus lite delivers to a subscriber. */
const LITE_MAX_DELIVERED_BYTES = 7320;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Fixtures {
  readonly images: string;
  readonly outside: string;
  readonly variants: PhotoVariants;
  readonly pelican: Buffer;
  readonly bomb: Buffer;
  readonly file: (name: string) => string;
}

type Expected =
  | { readonly code: ErrorCode }
  /** The core refuses the publish itself: no reply at all. */
  | { readonly refusedByCore: true }
  | { readonly label: string }
  | { readonly anyResult: true; readonly topCount?: number };

interface Case {
  readonly name: string;
  readonly request: (f: Fixtures) => TestMessage;
  readonly expected: Expected;
  /** The id the reply must carry; absent: the classifier makes one (a UUID). */
  readonly id?: string;
}

let rig: ClassifierRig;
let fixtures: Fixtures;
let requestsSent = 0;

const send = async (message: TestMessage): Promise<void> => {
  requestsSent++;
  await rig.send(message);
};
const byPath = (id: string, file: string, extra: Record<string, unknown> = {}): TestMessage => ({
  json: { id, image: { path: file }, ...extra },
});
const bySeed = (id: string, dir: string, fname: string): TestMessage => ({
  json: { id, image_dir: dir, fname },
});
const base64 = (id: string, bytes: Uint8Array | string): TestMessage => ({
  json: { id, image: { base64: Buffer.from(bytes).toString('base64') } },
});
const PELICAN = { label: 'pelican' } as const;
const code = (value: ErrorCode) => ({ code: value }) as const;

/** Cases whose request carries a usable id: the reply must echo it. */
const withId = (
  name: string,
  expected: Expected,
  request: (id: string, f: Fixtures) => TestMessage,
): Case => {
  const id = `case-${name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`;
  return { name, id, expected, request: (f) => request(id, f) };
};
/** Cases the classifier cannot take an id from: the reply carries one it made. */
const noId = (name: string, expected: Expected, request: (f: Fixtures) => TestMessage): Case => ({
  name,
  expected,
  request,
});

const refused = (name: string, request: (f: Fixtures) => TestMessage): Case => ({
  name,
  expected: { refusedByCore: true },
  request,
});

const LONG_UNICODE_NAME = `${'鹈鹕-pélican-🐦-'.repeat(12)}.jpg`.slice(0, 80); // checked below: <= 255 bytes
const CASES: readonly Case[] = [
  // The message itself
  noId('invalid JSON text', code('INVALID_REQUEST'), () => ({ binary: '{"image_dir": "/x", ' })),
  // PublishToTopic models jsonMessage.message as a map (docs/ipc-protocol.md#local-publishsubscribe): the core
  // refuses anything else, so these never reach the classifier.
  refused('a JSON message that is an array', () => ({ json: [1, 2, 3] })),
  refused('a JSON message that is a number', () => ({ json: 42 })),
  refused('a JSON message that is a string', () => ({ json: 'pelican.jpeg' })),
  // As binary messages of JSON text they do reach it.
  noId('JSON text of an array', code('INVALID_REQUEST'), () => ({ binary: '["pelican.jpeg"]' })),
  noId('JSON text of a number', code('INVALID_REQUEST'), () => ({ binary: '42' })),
  noId('JSON text of a string', code('INVALID_REQUEST'), () => ({ binary: '"pelican.jpeg"' })),
  noId('JSON text null', code('INVALID_REQUEST'), () => ({ binary: 'null' })),
  noId('JSON nested 100 000 levels deep', code('INVALID_REQUEST'), () => ({
    binary: `${'['.repeat(100_000)}${']'.repeat(100_000)}`,
  })),
  noId('an empty object', code('INVALID_REQUEST'), () => ({ json: {} })),
  noId('a binary message of random bytes', code('UNSUPPORTED_IMAGE'), () => ({
    binary: seededBytes(4096, 1),
  })),
  noId('random bytes behind a JPEG signature', code('CORRUPT_IMAGE'), () => ({
    binary: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), seededBytes(4096, 2)]),
  })),
  // Missing fields and wrong field types
  withId('image_dir without fname', code('INVALID_REQUEST'), (id, f) => ({
    json: { id, image_dir: f.images },
  })),
  withId('no image at all', code('INVALID_REQUEST'), (id) => ({ json: { id, topK: 3 } })),
  withId('both image and image_dir', code('INVALID_REQUEST'), (id, f) => ({
    json: { id, image: { path: f.file('pelican.jpeg') }, image_dir: f.images, fname: 'pelican.jpeg' },
  })),
  withId('image_dir a number', code('INVALID_REQUEST'), (id) => ({
    json: { id, image_dir: 7, fname: 'a.jpg' },
  })),
  withId('fname an array', code('INVALID_REQUEST'), (id, f) => ({
    json: { id, image_dir: f.images, fname: ['pelican.jpeg'] },
  })),
  withId('image a string', code('INVALID_REQUEST'), (id, f) => ({
    json: { id, image: f.file('pelican.jpeg') },
  })),
  withId('image.path a number', code('INVALID_REQUEST'), (id) => ({ json: { id, image: { path: 1 } } })),
  withId('a relative image.path', code('INVALID_REQUEST'), (id) => byPath(id, 'pelican.jpeg')),
  withId('a NUL in image.path', code('INVALID_REQUEST'), (id, f) =>
    byPath(id, `${f.file('pelican.jpeg')}\0.png`),
  ),
  withId('image with path and base64', code('INVALID_REQUEST'), (id, f) => ({
    json: { id, image: { path: f.file('pelican.jpeg'), base64: 'AAAA' } },
  })),
  withId('topK a string', code('INVALID_REQUEST'), (id, f) =>
    byPath(id, f.file('pelican.jpeg'), { topK: '5' }),
  ),
  withId('topK 0', code('INVALID_REQUEST'), (id, f) => byPath(id, f.file('pelican.jpeg'), { topK: 0 })),
  withId(`topK ${MAX_TOP_K + 1}`, code('INVALID_REQUEST'), (id, f) =>
    byPath(id, f.file('pelican.jpeg'), { topK: MAX_TOP_K + 1 }),
  ),
  withId('topK 2.5', code('INVALID_REQUEST'), (id, f) => byPath(id, f.file('pelican.jpeg'), { topK: 2.5 })),
  withId(`topK ${MAX_TOP_K}`, { anyResult: true, topCount: MAX_TOP_K }, (id, f) =>
    byPath(id, f.file('pelican.jpeg'), { topK: MAX_TOP_K }),
  ),
  {
    name: `the largest reply: ${MAX_ID_LENGTH} id characters JSON-escaped to 6 bytes each, and topK ${MAX_TOP_K}`,
    id: '\u0001'.repeat(MAX_ID_LENGTH),
    expected: { anyResult: true, topCount: MAX_TOP_K },
    request: (f) => byPath('\u0001'.repeat(MAX_ID_LENGTH), f.file('pelican.jpeg'), { topK: MAX_TOP_K }),
  },
  noId('an id that is an object', code('INVALID_REQUEST'), (f) => ({
    json: { id: { a: 1 }, image: { path: f.file('pelican.jpeg') } },
  })),
  noId('an empty id', code('INVALID_REQUEST'), (f) => byPath('', f.file('pelican.jpeg'))),
  noId(`an id of ${MAX_ID_LENGTH + 1} characters`, code('INVALID_REQUEST'), (f) =>
    byPath('x'.repeat(MAX_ID_LENGTH + 1), f.file('pelican.jpeg')),
  ),
  // Inline images
  withId('base64 that is not base64', code('INVALID_REQUEST'), (id) => ({
    json: { id, image: { base64: 'this is not base64!!' } },
  })),
  withId('base64 of a wrong length', code('INVALID_REQUEST'), (id) => ({
    json: { id, image: { base64: 'abcde' } },
  })),
  withId('base64 of text', code('UNSUPPORTED_IMAGE'), (id) => base64(id, 'hello, not an image')),
  withId('base64 of a PNG', PELICAN, (id, f) => base64(id, f.variants.png)),
  withId('base64 over MaxImageBytes', code('IMAGE_TOO_LARGE'), (id) =>
    base64(id, Buffer.alloc(MAX_IMAGE_BYTES + 1)),
  ),
  noId('a binary image over MaxImageBytes', code('IMAGE_TOO_LARGE'), () => ({
    binary: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(MAX_IMAGE_BYTES)]),
  })),
  noId('a binary 20000x20000 PNG bomb', code('IMAGE_TOO_LARGE'), (f) => ({ binary: f.bomb })),
  noId('a binary WebP image', PELICAN, (f) => ({ binary: f.variants.webp })),
  // Paths and the ImageRoots policy
  withId('an unknown file', code('IMAGE_NOT_FOUND'), (id, f) => bySeed(id, f.images, 'nope.jpeg')),
  withId('a directory', code('IMAGE_NOT_FOUND'), (id, f) => byPath(id, f.images)),
  withId('a FIFO inside ImageRoots', code('IMAGE_NOT_FOUND'), (id, f) => byPath(id, f.file('fifo.jpg'))),
  withId('a path outside ImageRoots', code('PATH_NOT_ALLOWED'), (id, f) =>
    byPath(id, path.join(f.outside, 'cat.jpeg')),
  ),
  withId('an image_dir outside ImageRoots', code('PATH_NOT_ALLOWED'), (id, f) =>
    bySeed(id, f.outside, 'cat.jpeg'),
  ),
  withId('a `..` escape in fname', code('PATH_NOT_ALLOWED'), (id, f) =>
    bySeed(id, f.images, '../outside/cat.jpeg'),
  ),
  withId('a `..` escape in image.path', code('PATH_NOT_ALLOWED'), (id, f) =>
    byPath(id, `${f.images}/../outside/cat.jpeg`),
  ),
  withId('a `..` that stays inside', PELICAN, (id, f) => byPath(id, `${f.images}/sub/../pelican.jpeg`)),
  withId('a symlink to a file outside', code('PATH_NOT_ALLOWED'), (id, f) =>
    bySeed(id, f.images, 'escape.jpeg'),
  ),
  withId('a symlinked folder leading outside', code('PATH_NOT_ALLOWED'), (id, f) =>
    bySeed(id, f.images, 'outdir/cat.jpeg'),
  ),
  withId('a symlink that stays inside', PELICAN, (id, f) => bySeed(id, f.images, 'alias.jpeg')),
  withId('a unicode file name', PELICAN, (id, f) => bySeed(id, f.images, 'pélican 鹈鹕 🐦.jpeg')),
  withId('a 255-byte file name', PELICAN, (id, f) => bySeed(id, f.images, `${'p'.repeat(250)}.jpeg`)),
  withId('a long unicode file name', PELICAN, (id, f) => bySeed(id, f.images, LONG_UNICODE_NAME)),
  withId('a file name over 255 bytes', code('IMAGE_NOT_FOUND'), (id, f) =>
    bySeed(id, f.images, `${'p'.repeat(300)}.jpeg`),
  ),
  withId('a 6000-character path of control characters', code('IMAGE_NOT_FOUND'), (id, f) =>
    bySeed(id, f.images, '\u0001'.repeat(6000)),
  ),
  // File contents
  withId('a zero-byte file', code('CORRUPT_IMAGE'), (id, f) => byPath(id, f.file('empty.jpg'))),
  withId('a text file named .jpg', code('UNSUPPORTED_IMAGE'), (id, f) => byPath(id, f.file('notes.jpg'))),
  withId('an SVG named .png', code('UNSUPPORTED_IMAGE'), (id, f) => byPath(id, f.file('drawing.png'))),
  withId('a truncated JPEG', code('CORRUPT_IMAGE'), (id, f) => byPath(id, f.file('truncated.jpg'))),
  withId('a progressive JPEG', PELICAN, (id, f) => byPath(id, f.file('progressive.jpg'))),
  withId('a PNG', PELICAN, (id, f) => byPath(id, f.file('pelican.png'))),
  withId('a WebP', PELICAN, (id, f) => byPath(id, f.file('pelican.webp'))),
  withId('a GIF', PELICAN, (id, f) => byPath(id, f.file('pelican.gif'))),
  withId('a TIFF', PELICAN, (id, f) => byPath(id, f.file('pelican.tiff'))),
  withId('a 16-bit PNG', PELICAN, (id, f) => byPath(id, f.file('pelican-16bit.png'))),
  withId('a CMYK JPEG', PELICAN, (id, f) => byPath(id, f.file('pelican-cmyk.jpg'))),
  withId('a greyscale JPEG', PELICAN, (id, f) => byPath(id, f.file('pelican-grey.jpg'))),
  withId('a PNG with alpha', PELICAN, (id, f) => byPath(id, f.file('pelican-alpha.png'))),
  withId('a 1x1 image', { anyResult: true }, (id, f) => byPath(id, f.file('one-pixel.png'))),
  withId('a 2000x1 image', code('UNSUPPORTED_IMAGE'), (id, f) => byPath(id, f.file('elongated.png'))),
  withId('a 20000x20000 PNG bomb', code('IMAGE_TOO_LARGE'), (id, f) => byPath(id, f.file('bomb.png'))),
  withId('a file over MaxImageBytes', code('IMAGE_TOO_LARGE'), (id, f) => byPath(id, f.file('huge.jpg'))),
];

async function makeFixtures(directory: string): Promise<Fixtures> {
  const images = path.join(directory, 'images');
  const outside = path.join(directory, 'outside');
  await mkdir(path.join(images, 'sub'), { recursive: true });
  await mkdir(outside);
  const pelican = await readFile(path.join(REPO_ROOT, 'models/files/pelican.jpeg'));
  const variants = await photoVariants(pelican);
  const put = (name: string, bytes: Uint8Array | string) => writeFixture(images, name, bytes);
  await put('pelican.jpeg', pelican);
  await writeFixture(outside, 'cat.jpeg', await readFile(path.join(REPO_ROOT, 'models/files/cat.jpeg')));
  await symlink(path.join(outside, 'cat.jpeg'), path.join(images, 'escape.jpeg'));
  await symlink(outside, path.join(images, 'outdir'));
  await symlink('pelican.jpeg', path.join(images, 'alias.jpeg'));
  for (const name of ['pélican 鹈鹕 🐦.jpeg', `${'p'.repeat(250)}.jpeg`, LONG_UNICODE_NAME])
    await put(name, pelican);
  execFileSync('mkfifo', [path.join(images, 'fifo.jpg')]);
  await put('empty.jpg', '');
  await put('notes.jpg', 'this is a text file, not a photo\n');
  await put('drawing.png', '<svg xmlns="http://www.w3.org/2000/svg" width="9000" height="9000"/>');
  await put('truncated.jpg', variants.truncatedJpeg);
  await put('progressive.jpg', variants.progressiveJpeg);
  await put('pelican.png', variants.png);
  await put('pelican.webp', variants.webp);
  await put('pelican.gif', variants.gif);
  await put('pelican.tiff', variants.tiff);
  await put('pelican-16bit.png', variants.png16);
  await put('pelican-cmyk.jpg', variants.cmykJpeg);
  await put('pelican-grey.jpg', variants.greyscaleJpeg);
  await put('pelican-alpha.png', variants.alphaPng);
  await put('one-pixel.png', variants.onePixelPng);
  await put('elongated.png', variants.elongatedPng);
  const bomb = pngBomb(20_000);
  await put('bomb.png', bomb);
  // A sparse file one byte over the limit, starting like a JPEG: refused from its size alone.
  const huge = await open(await put('huge.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0])), 'r+');
  await huge.truncate(MAX_IMAGE_BYTES + 1);
  await huge.close();
  return { images, outside, variants, pelican, bomb, file: (name) => path.join(images, name) };
}

let directory: string;
beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'matrix-'));
  fixtures = await makeFixtures(directory);
  rig = await startClassifierRig({ ImageRoots: [fixtures.images], MaxImageBytes: MAX_IMAGE_BYTES });
}, 60_000);

afterAll(async () => {
  await rig?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

let goodSequence = 0;

/** Sends the case, then a good request; waits for both replies and returns the case's reply. */
async function sendWithGoodRequestAfter(
  message: TestMessage,
): Promise<{ reply: ContractReply; good: ContractReply }> {
  const { replies } = rig;
  const before = replies.all.length;
  const goodId = `good-${++goodSequence}`;
  await send(message);
  await send({ json: { id: goodId, image: { path: fixtures.file('pelican.jpeg') } } });
  const good = await replies.waitFor(goodId);
  await replies.waitForCount(before + 2);
  const others = replies.all.slice(before).filter((reply) => reply.id !== goodId);
  expect(others, 'replies to the case').toHaveLength(1);
  return { reply: others[0] as ContractReply, good };
}

/** The publish fails with the core's error; the next good request is the only reply. */
async function expectRefusedByCore(message: TestMessage): Promise<void> {
  const { replies } = rig;
  const before = replies.all.length;
  await expect(rig.send(message)).rejects.toThrow(/InternalServerError/);
  const goodId = `good-${++goodSequence}`;
  await send({ json: { id: goodId, image: { path: fixtures.file('pelican.jpeg') } } });
  expect(await replies.waitFor(goodId)).toMatchObject({ status: 'ok', label: 'pelican' });
  expect(replies.all.slice(before).map((reply) => reply.id)).toEqual([goodId]);
}

function expectReply(reply: ContractReply, expected: Expected): void {
  if ('refusedByCore' in expected) {
    throw new Error('a refused request has no reply');
  } else if ('code' in expected) {
    expect(reply.status === 'error' && reply.error).toMatchObject({
      code: expected.code,
      message: expect.any(String),
    });
  } else if ('label' in expected) {
    expect(reply).toMatchObject({ status: 'ok', label: expected.label });
  } else {
    expect(reply.status).toBe('ok');
    expect(reply.status === 'ok' && reply.top).toHaveLength(expected.topCount ?? 5);
  }
}

describe('bad-input matrix (one classifier process)', () => {
  it('has the long unicode name within NAME_MAX', () => {
    expect(Buffer.byteLength(LONG_UNICODE_NAME)).toBeLessThanOrEqual(255);
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    if ('refusedByCore' in testCase.expected) {
      await expectRefusedByCore(testCase.request(fixtures));
      return;
    }
    const { reply, good } = await sendWithGoodRequestAfter(testCase.request(fixtures));
    expectReply(reply, testCase.expected);
    if (testCase.id !== undefined) expect(reply.id).toBe(testCase.id);
    else expect(reply.id).toMatch(UUID);
    expect(good).toMatchObject({ status: 'ok', label: 'pelican' });
  });

  it('follows EXIF orientation: a rotated-and-tagged photo scores like the upright one', async () => {
    const { variants } = fixtures;
    const classify = async (bytes: Buffer) => (await sendWithGoodRequestAfter({ binary: bytes })).reply;
    const upright = await classify(variants.progressiveJpeg);
    const tagged = await classify(variants.exifRotatedJpeg);
    const sideways = await classify(variants.sidewaysJpeg);
    if (upright.status !== 'ok' || tagged.status !== 'ok' || sideways.status !== 'ok')
      throw new Error('expected three results');
    expect(tagged.label).toBe(upright.label);
    expect(Math.abs(tagged.probability - upright.probability)).toBeLessThan(0.002);
    // The control: without the tag the model sees a different picture and scores differently.
    expect(Math.abs(sideways.probability - upright.probability)).toBeGreaterThan(0.01);
  });

  it('sent exactly one reply per request, each within the contract and small enough for nucleus lite', async () => {
    const { replies } = rig;
    const last = 'final-sentinel';
    await send({ json: { id: last, image: { path: fixtures.file('pelican.jpeg') } } });
    await replies.waitFor(last);
    expect(replies.invalid).toEqual([]);
    expect(replies.all).toHaveLength(requestsSent);
    const largest = Math.max(...replies.raw.map((bytes) => bytes.length));
    expect(largest).toBeLessThanOrEqual(LITE_MAX_DELIVERED_BYTES);
    console.info(
      `bad-input matrix: ${requestsSent} requests, ${replies.all.length} replies, largest ${largest} bytes`,
    );
    expect(rig.classifier.running).toBe(true);
    // Bad input is the client's problem: warnings, never an error line or anything on stderr.
    expect(rig.classifier.lines.filter((line) => line.level === 'error' || line.level === 'fatal')).toEqual(
      [],
    );
    expect(rig.classifier.stderr).toEqual([]);
  });
});
