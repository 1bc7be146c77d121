// Files the core must never leave half-written (a crash or power cut mid-write would otherwise
// corrupt state it reads at its next start): written to a temporary file of its own beside the
// target (a unique name, so two writers never share one), flushed to disk (fsync), renamed over
// the target (rename(2) replaces it atomically), and the folder flushed so the rename itself is
// on disk. Without the flushes, a power cut soon after the rename can leave an empty file: the
// rename may reach the disk before the data does (fsync(2), rename(2) man pages).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export function writeFileAtomic(file: string, text: string): void {
  const folder = path.dirname(file);
  fs.mkdirSync(folder, { recursive: true });
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    const descriptor = fs.openSync(temporary, 'wx');
    try {
      fs.writeFileSync(descriptor, text);
      fs.fsyncSync(descriptor);
    } finally {
      fs.closeSync(descriptor);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  const folderDescriptor = fs.openSync(folder, 'r');
  try {
    fs.fsyncSync(folderDescriptor);
  } finally {
    fs.closeSync(folderDescriptor);
  }
}

/** Pretty-printed JSON with a final newline, written atomically. */
export function writeJsonFileAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`);
}
