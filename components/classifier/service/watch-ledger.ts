// Which files of the watched folder were classified, kept across restarts: one JSON line per
// file (its path, size and modification time) appended in the component's work folder. A file
// replaced by a new one with the same name is classified again; entries of files that are gone
// are dropped when the ledger is opened, so it does not grow with the folder's history.
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';

export interface WatchedFile {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

export const fileKey = (file: WatchedFile): string => `${file.path}\0${file.size}\0${file.mtimeMs}`;

export interface WatchLedger {
  has(file: WatchedFile): boolean;
  record(file: WatchedFile): Promise<void>;
}

export async function openWatchLedger(ledgerPath: string): Promise<WatchLedger> {
  const keys = new Set<string>();
  let text = '';
  try {
    text = await readFile(ledgerPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const kept: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    let file: WatchedFile;
    try {
      file = JSON.parse(line) as WatchedFile;
    } catch {
      continue; // a line cut by a crash mid-append
    }
    const now = await stat(file.path).catch(() => undefined);
    if (!now || now.size !== file.size || now.mtimeMs !== file.mtimeMs) continue;
    keys.add(fileKey(file));
    kept.push(line);
  }
  await writeFile(ledgerPath, kept.length > 0 ? `${kept.join('\n')}\n` : '');
  return {
    has: (file) => keys.has(fileKey(file)),
    async record(file) {
      keys.add(fileKey(file));
      await appendFile(ledgerPath, `${JSON.stringify(file)}\n`);
    },
  };
}
