// An append-only log file with the nucleus's rotation (docs/greengrass-behaviour.md#log-files): one
// write stream per file; when the next line would pass `fileSizeKB`, or the hour changes, the
// file is renamed to `<name>_<yyyy>_<MM>_<dd>_<HH>_<index>.log` (the hour its lines were written
// in, UTC) and a new one is started. The oldest rotated files are deleted so that all files of
// the name stay within `totalLogsSizeKB`. Renaming an open file is safe on POSIX: lines still queued on the old stream land in
// the rotated file, where they belong.

import fs from 'node:fs';
import path from 'node:path';
import type { Clock } from '../platform/clock.ts';

export interface RotatingLogFileOptions {
  readonly dir: string;
  /** Base name without `.log`, e.g. `greengrass` or `com.example.App`. */
  readonly name: string;
  readonly fileSizeKB: number;
  readonly totalLogsSizeKB: number;
  readonly clock: Pick<Clock, 'now'>;
  /** Where write failures are reported; a log file cannot log its own failure. */
  readonly onError?: (error: Error) => void;
}

interface RotatedFile {
  readonly file: string;
  readonly bytes: number;
}

export class RotatingLogFile {
  readonly path: string;
  readonly #options: RotatingLogFileOptions;
  #stream: fs.WriteStream;
  #bytes: number;
  #periodStamp: string;
  readonly #rotated: RotatedFile[];
  /** Streams of rotated files still flushing their last lines. */
  readonly #draining = new Set<Promise<void>>();
  #closed?: Promise<void>;

  constructor(options: RotatingLogFileOptions) {
    this.#options = options;
    this.path = path.join(options.dir, `${options.name}.log`);
    const existing = statOrUndefined(this.path);
    this.#bytes = existing?.size ?? 0;
    this.#periodStamp = hourStamp(existing?.mtimeMs ?? options.clock.now());
    this.#rotated = listRotated(options.dir, options.name);
    this.#stream = this.#open();
  }

  write(line: string): void {
    if (this.#closed !== undefined) return;
    const bytes = Buffer.byteLength(line) + 1;
    const stamp = hourStamp(this.#options.clock.now());
    const tooBig = this.#bytes > 0 && this.#bytes + bytes > this.#options.fileSizeKB * 1024;
    if (tooBig || (this.#bytes > 0 && stamp !== this.#periodStamp)) this.#rotate();
    this.#periodStamp = stamp;
    this.#bytes += bytes;
    this.#stream.write(`${line}\n`);
  }

  /** Flushes queued lines and closes the file; safe to call more than once. */
  close(): Promise<void> {
    this.#closed ??= Promise.all([endStream(this.#stream), ...this.#draining]).then(() => undefined);
    return this.#closed;
  }

  #open(): fs.WriteStream {
    // Opened synchronously so the file exists at once: rotation renames it by path.
    const stream = fs.createWriteStream(this.path, { fd: fs.openSync(this.path, 'a') });
    stream.on('error', (error) => this.#options.onError?.(error));
    return stream;
  }

  #rotate(): void {
    const target = path.join(this.#options.dir, this.#nextRotatedName());
    try {
      fs.renameSync(this.path, target);
    } catch (error) {
      this.#options.onError?.(error as Error);
      return; // keep appending to the current file rather than losing lines
    }
    this.#rotated.push({ file: target, bytes: this.#bytes });
    const draining = endStream(this.#stream);
    this.#draining.add(draining);
    void draining.then(() => this.#draining.delete(draining));
    this.#stream = this.#open();
    this.#bytes = 0;
    this.#prune();
  }

  #nextRotatedName(): string {
    const prefix = `${this.#options.name}_${this.#periodStamp}_`;
    const used = this.#rotated
      .map((r) => path.basename(r.file))
      .filter((file) => file.startsWith(prefix))
      .map((file) => Number(file.slice(prefix.length, -'.log'.length)));
    return `${prefix}${used.length === 0 ? 0 : Math.max(...used) + 1}.log`;
  }

  /** Keeps rotated files within the total minus room for the new active file to fill up. */
  #prune(): void {
    const budget = (this.#options.totalLogsSizeKB - this.#options.fileSizeKB) * 1024;
    let total = this.#rotated.reduce((sum, r) => sum + r.bytes, 0);
    while (total > budget && this.#rotated.length > 0) {
      const oldest = this.#rotated.shift() as RotatedFile;
      total -= oldest.bytes;
      try {
        fs.rmSync(oldest.file, { force: true });
      } catch (error) {
        this.#options.onError?.(error as Error);
      }
    }
  }
}

/** Flushes and closes; 'close' also follows a write error, so this always settles. */
function endStream(stream: fs.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    if (stream.closed) resolve();
    else {
      stream.once('close', () => resolve());
      stream.end();
    }
  });
}

/** `yyyy_MM_dd_HH` in UTC. */
export function hourStamp(timestampMs: number): string {
  const iso = new Date(timestampMs).toISOString(); // 2026-11-24T19:05:00.000Z
  return `${iso.slice(0, 4)}_${iso.slice(5, 7)}_${iso.slice(8, 10)}_${iso.slice(11, 13)}`;
}

function listRotated(dir: string, name: string): RotatedFile[] {
  const pattern = new RegExp(`^${escapeRegex(name)}_(\\d{4}_\\d{2}_\\d{2}_\\d{2})_(\\d+)\\.log$`);
  const found: { file: string; bytes: number; key: string; index: number }[] = [];
  for (const entry of fs.readdirSync(dir)) {
    const match = pattern.exec(entry);
    if (match === null) continue;
    const file = path.join(dir, entry);
    found.push({
      file,
      bytes: statOrUndefined(file)?.size ?? 0,
      key: match[1] ?? '',
      index: Number(match[2]),
    });
  }
  found.sort((a, b) => a.key.localeCompare(b.key) || a.index - b.index);
  return found.map(({ file, bytes }) => ({ file, bytes }));
}

function statOrUndefined(file: string): fs.Stats | undefined {
  try {
    return fs.statSync(file);
  } catch {
    return undefined;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
