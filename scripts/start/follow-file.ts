// Follows a growing text file from a given offset and hands over complete lines, like
// `tail -f`. Polling (not fs.watch): it behaves the same on every filesystem and platform.
import fs from 'node:fs';

export const FOLLOW_POLL_INTERVAL_MS = 100;

export interface FileFollower {
  stop(): void;
}

export function followFile(file: string, fromOffset: number, onLine: (line: string) => void): FileFollower {
  let offset = fromOffset;
  let partial = '';
  let reading = false;
  const readNew = (): void => {
    if (reading) return;
    reading = true;
    try {
      const size = fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
      // A rotated (smaller) file starts over.
      if (size < offset) offset = 0;
      if (size === offset) return;
      const buffer = Buffer.alloc(size - offset);
      const descriptor = fs.openSync(file, 'r');
      try {
        fs.readSync(descriptor, buffer, 0, buffer.length, offset);
      } finally {
        fs.closeSync(descriptor);
      }
      offset = size;
      const lines = (partial + buffer.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line !== '') onLine(line);
    } finally {
      reading = false;
    }
  };
  const timer = setInterval(readNew, FOLLOW_POLL_INTERVAL_MS);
  return {
    stop() {
      clearInterval(timer);
      readNew();
    },
  };
}

export function fileSize(file: string): number {
  return fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0;
}
