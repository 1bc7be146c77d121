// Classifies the images that appear in a watched folder, once each: chokidar reports new and
// changed files, and a file is read only once its size and modification time have stayed the
// same for WATCH_SETTLE_MS (chokidar's own awaitWriteFinish compares sizes only, and a JPEG cut
// short still decodes, with a grey bottom: measured, a slow writer's file classified twice);
// files already there at start are classified too, except
// those the ledger (watch-ledger.ts) says were classified before a restart. At most
// WATCH_IN_FLIGHT are in the classifier at once, so a folder of hundreds never meets BUSY.
// After its reply is sent, a file is recorded, then kept, deleted or moved.
import { rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { type FSWatcher, watch } from 'chokidar';
import type { Logger } from 'pino';
import type { Reply } from '../../contract/index.ts';
import { describeError } from '../../runtime/index.ts';
import type { WatchedFile, WatchLedger } from './watch-ledger.ts';

/** How long a file's size must stay the same before it counts as written. */
export const WATCH_SETTLE_MS = 500;
/** Watched files in the classifier at once. */
export const WATCH_IN_FLIGHT = 4;

const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif']);

export interface WatchSettings {
  readonly directory: string;
  readonly after: 'keep' | 'delete' | 'move';
  /** For `move`: where classified files go. */
  readonly moveTo: string;
}

export const sameWatchSettings = (a: WatchSettings | undefined, b: WatchSettings | undefined): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.directory === b.directory &&
    a.after === b.after &&
    a.moveTo === b.moveTo);

export interface WatchSourceOptions {
  readonly settings: WatchSettings;
  readonly ledger: WatchLedger;
  /** Classifies the file and resolves once its reply is sent. */
  readonly classify: (file: string) => Promise<Reply>;
  readonly logger: Logger;
  /** How long a file must hold still before it is read (default WATCH_SETTLE_MS). */
  readonly settleMs?: number;
}

export interface WatchSource {
  /** Stops watching; resolves when the files in flight are done. */
  stop(): Promise<void>;
}

/** The file once its size and modification time hold still for `settleMs`; undefined if it went away. */
async function settled(file: string, settleMs: number): Promise<WatchedFile | undefined> {
  let last = await stat(file).catch(() => undefined);
  for (;;) {
    if (!last?.isFile()) return undefined;
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    const now = await stat(file).catch(() => undefined);
    if (now && now.size === last.size && now.mtimeMs === last.mtimeMs)
      return { path: file, size: now.size, mtimeMs: now.mtimeMs };
    last = now;
  }
}

export function startWatchSource(options: WatchSourceOptions): WatchSource {
  const { settings, ledger, logger } = options;
  const settleMs = options.settleMs ?? WATCH_SETTLE_MS;
  const waiting: string[] = [];
  const queued = new Set<string>();
  const inFlight = new Set<Promise<void>>();
  let stopped = false;

  const handle = async (file: string): Promise<void> => {
    const watched = await settled(file, settleMs);
    if (!watched || stopped) return;
    if (ledger.has(watched)) return;
    const reply = await options.classify(file);
    if (reply.status === 'error' && reply.error.code === 'BUSY') {
      // Not classified: the classifier is stopping. Left for the next start.
      return;
    }
    await ledger.record(watched);
    if (settings.after === 'delete') await unlink(file);
    else if (settings.after === 'move') await rename(file, path.join(settings.moveTo, path.basename(file)));
  };

  const pump = (): void => {
    while (!stopped && inFlight.size < WATCH_IN_FLIGHT && waiting.length > 0) {
      const file = waiting.shift() as string;
      const running: Promise<void> = handle(file)
        .catch((error: unknown) =>
          logger.error({ file, err: describeError(error) }, 'watched file not handled'),
        )
        .finally(() => {
          queued.delete(file);
          inFlight.delete(running);
          pump();
        });
      inFlight.add(running);
    }
  };

  const onFile = (file: string): void => {
    if (!IMAGE_EXTENSIONS.has(path.extname(file).toLowerCase()) || queued.has(file)) return;
    queued.add(file);
    waiting.push(file);
    pump();
  };

  const watcher: FSWatcher = watch(settings.directory, {
    depth: 0,
    ignored: (file) => path.basename(file).startsWith('.'),
  });
  watcher.on('add', onFile);
  watcher.on('change', onFile);
  watcher.on('error', (error) => logger.warn({ err: describeError(error) }, 'watched folder error'));
  logger.info({ directory: settings.directory, after: settings.after }, 'watching a folder for images');

  return {
    async stop() {
      stopped = true;
      await watcher.close();
      await Promise.all(inFlight);
    },
  };
}
