// Reads the zips the build writes the way a device does: entries in order, Unix modes from
// the external attributes, and extraction into a folder (refusing any entry that would land
// outside it, as the nucleus does).

import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';

export interface ZipEntryInfo {
  readonly name: string;
  readonly directory: boolean;
  readonly mode: number;
  readonly uncompressedSize: number;
}

async function eachEntry(
  file: string,
  onEntry: (entry: yauzl.Entry, zip: yauzl.ZipFile) => Promise<void>,
): Promise<void> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  try {
    for await (const entry of zip.eachEntry()) await onEntry(entry, zip);
  } finally {
    zip.close();
  }
}

export async function listZip(file: string): Promise<ZipEntryInfo[]> {
  const entries: ZipEntryInfo[] = [];
  await eachEntry(file, async (entry) => {
    entries.push({
      name: entry.fileName,
      directory: entry.fileName.endsWith('/'),
      mode: (entry.externalFileAttributes >>> 16) & 0o7777,
      uncompressedSize: entry.uncompressedSize,
    });
  });
  return entries;
}

export async function extractZip(file: string, into: string): Promise<void> {
  const root = resolve(into);
  await eachEntry(file, async (entry, zip) => {
    const destination = resolve(root, entry.fileName);
    if (destination !== root && !destination.startsWith(root + sep)) {
      throw new Error(`zip entry ${entry.fileName} escapes ${root}`);
    }
    if (entry.fileName.endsWith('/')) {
      await mkdir(destination, { recursive: true });
      return;
    }
    await mkdir(dirname(destination), { recursive: true });
    await pipeline(await zip.openReadStreamPromise(entry), createWriteStream(destination));
  });
}
