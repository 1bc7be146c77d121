// The page's three files, read once at start from `page/` beside this module (in the built
// artifact: beside main.js, scripts/build/components.ts copies them there).
import { readFile } from 'node:fs/promises';

export const PAGE_FILES = ['index.html', 'app.js', 'style.css'] as const;
export type PageFile = (typeof PAGE_FILES)[number];

export async function readPageFiles(folder: URL): Promise<ReadonlyMap<PageFile, Buffer>> {
  const files = new Map<PageFile, Buffer>();
  for (const file of PAGE_FILES) files.set(file, await readFile(new URL(file, folder)));
  return files;
}
