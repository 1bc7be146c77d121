// Thumbnails of requested images, made with sharp. A path is read only through the same
// ImageRoots policy and safe reading as the classifier's (components/image-files/), so a request
// for a file outside the roots, by `..` or a symlink, gets no thumbnail, only the refusal's code.
// Made one at a time (the classifier needs the CPU more), with a short queue: when it is full a
// request gets no thumbnail instead of holding its image in memory. The last few thumbnails are
// cached by file identity (real path, size, mtime) or content hash, since requesters often send
// the same photos again.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { ReplyError } from '../contract/index.ts';
import type { ImagePathPolicy } from '../image-files/path-policy.ts';
import { readImageFile } from '../image-files/read-image-file.ts';
import type { SeenImage } from './request-view.ts';

/** Requests waiting for a thumbnail, at most; more get none (`BUSY`). */
export const MAX_THUMBNAIL_QUEUE = 16;
/** Thumbnails kept for reuse, at most. */
export const THUMBNAIL_CACHE_ENTRIES = 64;
export const THUMBNAIL_QUALITY = 70;

export interface ThumbnailSettings {
  readonly policy: ImagePathPolicy;
  readonly size: number;
  readonly maxImageBytes: number;
  readonly maxImagePixels: number;
}

type Job = {
  readonly image: Exclude<SeenImage, { kind: 'none' }>;
  readonly done: (outcome: { thumbnail: Uint8Array } | { refused: string }) => void;
};

export class ThumbnailMaker {
  #settings: ThumbnailSettings;
  readonly #queue: Job[] = [];
  readonly #cache = new Map<string, Uint8Array>();
  #working = false;
  #idle: Promise<void> = Promise.resolve();
  #markIdle: () => void = () => {};

  constructor(settings: ThumbnailSettings) {
    this.#settings = settings;
    sharp.cache(false);
  }

  /** Queues a thumbnail; `done` gets it, or the code of why there is none. */
  request(image: Job['image'], done: Job['done']): void {
    if (this.#queue.length >= MAX_THUMBNAIL_QUEUE) {
      done({ refused: 'BUSY' });
      return;
    }
    this.#queue.push({ image, done });
    if (!this.#working) void this.#work();
  }

  /** New roots or limits (a configuration update): for the next thumbnail; cached ones are made again. */
  reconfigure(settings: ThumbnailSettings): void {
    this.#settings = settings;
    this.#cache.clear();
  }

  /** Resolves once the queue is empty and nothing is being made. */
  idle(): Promise<void> {
    return this.#idle;
  }

  async #work(): Promise<void> {
    this.#working = true;
    this.#idle = new Promise((resolve) => {
      this.#markIdle = resolve;
    });
    for (let job = this.#queue.shift(); job; job = this.#queue.shift()) {
      try {
        job.done({ thumbnail: await this.#make(job.image) });
      } catch (error) {
        job.done({ refused: refusalCode(error) });
      }
    }
    this.#working = false;
    this.#markIdle();
  }

  async #make(image: Job['image']): Promise<Uint8Array> {
    const { policy, maxImageBytes } = this.#settings;
    if (image.kind === 'path') {
      const real = await policy.resolve(image.path);
      const info = await stat(real);
      const key = `file:${real}:${info.size}:${info.mtimeMs}`;
      return (
        this.#cached(key) ??
        this.#remember(key, await this.#shrink(await readImageFile(real, maxImageBytes, policy.checkOpened)))
      );
    }
    const bytes = image.kind === 'bytes' ? image.bytes : Buffer.from(image.base64, 'base64');
    if (bytes.length > maxImageBytes) throw new ReplyError('IMAGE_TOO_LARGE', `${bytes.length} bytes`);
    const key = `bytes:${createHash('sha256').update(bytes).digest('hex')}`;
    return this.#cached(key) ?? this.#remember(key, await this.#shrink(bytes));
  }

  async #shrink(bytes: Uint8Array): Promise<Uint8Array> {
    const { size, maxImagePixels } = this.#settings;
    try {
      return await sharp(bytes, { limitInputPixels: maxImagePixels })
        .rotate()
        .resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true })
        .webp({ quality: THUMBNAIL_QUALITY })
        .toBuffer();
    } catch (error) {
      const tooLarge = /pixel limit/i.test(String(error));
      throw new ReplyError(tooLarge ? 'IMAGE_TOO_LARGE' : 'CORRUPT_IMAGE', String(error), { cause: error });
    }
  }

  #cached(key: string): Uint8Array | undefined {
    const hit = this.#cache.get(key);
    if (hit === undefined) return undefined;
    this.#cache.delete(key);
    this.#cache.set(key, hit);
    return hit;
  }

  #remember(key: string, thumbnail: Uint8Array): Uint8Array {
    this.#cache.set(key, thumbnail);
    for (const oldest of this.#cache.keys()) {
      if (this.#cache.size <= THUMBNAIL_CACHE_ENTRIES) break;
      this.#cache.delete(oldest);
    }
    return thumbnail;
  }
}

function refusalCode(error: unknown): string {
  if (error instanceof ReplyError) return error.code;
  const errno = (error as NodeJS.ErrnoException).code;
  return errno === 'ENOENT' || errno === 'ENOTDIR' ? 'IMAGE_NOT_FOUND' : 'INTERNAL';
}
