// The classifier never opens a file outside ImageRoots, whatever path a request names. The
// sensor is a FIFO: this test opens its write end in blocking mode, which completes only when
// someone opens the read end. A FIFO outside the roots, reachable by `..`, by an absolute path,
// by a symlinked file and by a symlinked folder, must never see that open; a FIFO inside the
// roots, requested the same way, must (the control that shows the sensor works here).
import { execFileSync } from 'node:child_process';
import { constants } from 'node:fs';
import { type FileHandle, mkdir, mkdtemp, open, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ErrorCode } from '../../components/classifier/error-codes.ts';
import { type ClassifierRig, startClassifierRig, type TestMessage } from './helpers/classifier-rig.ts';

/** Resolves when the FIFO's read end is opened by anyone. */
class FifoOpenSensor {
  readonly #writer: Promise<FileHandle>;
  #opened = false;

  constructor(readonly fifo: string) {
    execFileSync('mkfifo', [fifo]);
    this.#writer = open(fifo, constants.O_WRONLY); // blocks a libuv thread until a reader comes
    this.#writer.then(
      () => {
        this.#opened = true;
      },
      () => {},
    );
  }

  get opened(): boolean {
    return this.#opened;
  }

  async whenOpened(): Promise<void> {
    await this.#writer;
  }

  /** Closes the write end; if nobody opened the FIFO, first opens the read end to unblock it. */
  async release(): Promise<void> {
    const reader = this.#opened
      ? undefined
      : await open(this.fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    await (await this.#writer).close();
    await reader?.close();
  }
}

let directory: string;
let images: string;
let outside: string;
let secret: FifoOpenSensor;
let control: FifoOpenSensor;
let rig: ClassifierRig;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'confinement-'));
  images = path.join(directory, 'images');
  outside = path.join(directory, 'outside');
  await mkdir(images);
  await mkdir(outside);
  secret = new FifoOpenSensor(path.join(outside, 'secret.jpg'));
  control = new FifoOpenSensor(path.join(images, 'inside.jpg'));
  await symlink(secret.fifo, path.join(images, 'link-to-secret.jpg'));
  await symlink(outside, path.join(images, 'outdir'));
  rig = await startClassifierRig({ ImageRoots: [images] });
}, 60_000);

afterAll(async () => {
  await rig?.close();
  await Promise.all([secret?.release(), control?.release()]);
  if (directory) await rm(directory, { recursive: true, force: true });
});

let sequence = 0;
async function request(build: (id: string) => TestMessage): Promise<ErrorCode | 'ok'> {
  const id = `confine-${++sequence}`;
  await rig.send(build(id));
  const reply = await rig.replies.waitFor(id);
  return reply.status === 'ok' ? 'ok' : (reply.error.code as ErrorCode);
}

it('refuses every path to a file outside ImageRoots without opening it', async () => {
  const attempts: ReadonlyArray<readonly [string, (id: string) => TestMessage]> = [
    ['absolute path', (id) => ({ json: { id, image: { path: secret.fifo } } })],
    ['`..` in image.path', (id) => ({ json: { id, image: { path: `${images}/../outside/secret.jpg` } } })],
    ['`..` in fname', (id) => ({ json: { id, image_dir: images, fname: '../outside/secret.jpg' } })],
    ['image_dir outside', (id) => ({ json: { id, image_dir: outside, fname: 'secret.jpg' } })],
    ['symlinked file', (id) => ({ json: { id, image_dir: images, fname: 'link-to-secret.jpg' } })],
    ['symlinked folder', (id) => ({ json: { id, image_dir: images, fname: 'outdir/secret.jpg' } })],
  ];
  for (const [what, build] of attempts) expect(await request(build), what).toBe('PATH_NOT_ALLOWED');
  // Paths are normalised lexically first, so `outdir/..` never goes through the link: this names
  // images/outside/secret.jpg, which does not exist (the kernel would have reached the FIFO).
  const viaLinkThenUp = `${images}/outdir/../outside/secret.jpg`;
  expect(await request((id) => ({ json: { id, image: { path: viaLinkThenUp } } }))).toBe('IMAGE_NOT_FOUND');
  expect(secret.opened).toBe(false);
});

it('does open a FIFO inside ImageRoots (the sensor works), answering IMAGE_NOT_FOUND', async () => {
  expect(await request((id) => ({ json: { id, image_dir: images, fname: 'inside.jpg' } }))).toBe(
    'IMAGE_NOT_FOUND',
  );
  await control.whenOpened();
  expect(control.opened).toBe(true);
  expect(secret.opened).toBe(false);
});
