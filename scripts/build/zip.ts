// Zips a staged folder deterministically: entries sorted by path, every directory listed
// explicitly before its contents (unzippers need not create parents themselves), one fixed
// DOS timestamp without the extended (UTC) field so the bytes do not depend on the clock or
// the time zone, and normalised permissions (0755 for directories and executables, else 0644).
// The same staged files therefore always give the same zip, byte for byte.

import { createWriteStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';

/** Local-time fields, as DOS timestamps store them: the same in every time zone. */
const FIXED_ENTRY_TIME = new Date(2020, 0, 1, 0, 0, 0);
const FILE_MODE = 0o100644;
const EXECUTABLE_MODE = 0o100755;
const DIRECTORY_MODE = 0o40755;
// zlib's default: on the 127 MB Node.js binary, level 9 took 32 s and level 6 16 s for a 0.6%
// larger result (gzip -9 and -6 on this 2-core VM, 2026-12-05).
const COMPRESSION_LEVEL = 6;

interface Entry {
  readonly path: string;
  readonly directory: boolean;
}

function byPath(a: Entry, b: Entry): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

export async function zipFolder(folder: string, zipPath: string): Promise<{ entries: number }> {
  const found = await readdir(folder, { recursive: true, withFileTypes: true });
  const entries: Entry[] = found
    .filter((entry) => entry.isFile() || entry.isDirectory())
    .map((entry) => {
      const path = relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/');
      return entry.isDirectory() ? { path: `${path}/`, directory: true } : { path, directory: false };
    })
    .sort(byPath);
  const zip = new ZipFile();
  for (const entry of entries) {
    if (entry.directory) {
      zip.addEmptyDirectory(entry.path, {
        mtime: FIXED_ENTRY_TIME,
        mode: DIRECTORY_MODE,
        forceDosTimestamp: true,
      });
      continue;
    }
    const source = join(folder, entry.path);
    const executable = ((await stat(source)).mode & 0o111) !== 0;
    zip.addFile(source, entry.path, {
      mtime: FIXED_ENTRY_TIME,
      mode: executable ? EXECUTABLE_MODE : FILE_MODE,
      forceDosTimestamp: true,
      compress: true,
      compressionLevel: COMPRESSION_LEVEL,
    });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(zipPath));
  return { entries: entries.length };
}
