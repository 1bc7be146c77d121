import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AssetFile } from '../../components/classifier/model/asset-file.ts';
import { parseCardFiles } from './cards.ts';

/** Every file named by the cards (`*.json`) in `cardsDir`, in card then listing order. */
export async function readCardFiles(cardsDir: string): Promise<AssetFile[]> {
  const names = (await readdir(cardsDir)).filter((name) => name.endsWith('.json')).sort();
  const files: AssetFile[] = [];
  for (const name of names) {
    const path = join(cardsDir, name);
    const parsed = parseCardFiles(JSON.parse(await readFile(path, 'utf8')));
    if (!parsed.ok) throw new Error(`card ${path} is invalid:\n${parsed.problems}`);
    files.push(...parsed.files);
  }
  return files;
}
