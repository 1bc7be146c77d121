import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { text } from 'node:stream/consumers';

/** Files taken from a directory operand; other files in it are not images we expect. */
export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif']);

/** Operands from the command line followed by those of each --files-from list. */
export async function readOperands(
  operands: readonly string[],
  filesFrom: readonly string[],
  nullSeparated: boolean,
): Promise<string[]> {
  const all = [...operands];
  for (const list of filesFrom) {
    const content = list === '-' ? await text(process.stdin) : await readFile(list, 'utf8');
    all.push(...splitList(content, nullSeparated));
  }
  return all;
}

export function splitList(content: string, nullSeparated: boolean): string[] {
  const entries = nullSeparated ? content.split('\0') : content.split(/\r?\n/);
  return entries.filter((entry) => entry !== '');
}

/**
 * Replaces each directory by its image files (sorted by name, not recursive). Anything else,
 * including paths that do not exist, stays as given so its reply reports the problem.
 */
export async function expandDirectories(operands: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const operand of operands) {
    const isDirectory = await stat(operand).then(
      (stats) => stats.isDirectory(),
      () => false,
    );
    if (!isDirectory) {
      files.push(operand);
      continue;
    }
    const entries = await readdir(operand, { withFileTypes: true });
    const images = entries
      .filter((entry) => !entry.isDirectory() && IMAGE_EXTENSIONS.has(extname(entry.name).toLowerCase()))
      .map((entry) => entry.name)
      .sort();
    files.push(...images.map((name) => join(operand, name)));
  }
  return files;
}
