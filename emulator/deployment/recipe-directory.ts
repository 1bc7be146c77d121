// `--recipeDir` as greengrass-cli treats it (docs/greengrass-behaviour.md#greengrass-cli): walked recursively,
// every `.yaml`, `.yml` and `.json` file parsed as a recipe whatever it is called; one malformed
// recipe fails the deployment with its file and error paths; empty files and other files are
// skipped (and reported).

import fs from 'node:fs';
import path from 'node:path';
import { CoreError } from '../errors/core-error.ts';
import { type ParsedRecipe, parseRecipe, type RecipeFormat } from '../recipes/parse-recipe.ts';

export interface RecipeFile extends ParsedRecipe {
  readonly file: string;
}

export interface RecipeDirectory {
  readonly recipes: readonly RecipeFile[];
  /** Files that are not recipes (by extension) or are empty. */
  readonly skipped: readonly string[];
}

/** A recipe file larger than this is refused (recipes are small; the service caps them at 16 KB). */
export const MAX_RECIPE_FILE_BYTES = 1024 * 1024;

export async function readRecipeDirectory(dir: string): Promise<RecipeDirectory> {
  const root = path.resolve(dir);
  const stat = await fs.promises.stat(root).catch(() => undefined);
  if (stat === undefined || !stat.isDirectory()) {
    throw new CoreError('INVALID_DIRECTORY', `recipe directory ${root} does not exist or is not a directory`);
  }
  const recipes: RecipeFile[] = [];
  const skipped: string[] = [];
  for (const file of await listFiles(root)) {
    const format = formatOf(file);
    const size = (await fs.promises.stat(file)).size;
    if (format === undefined || size === 0) {
      skipped.push(file);
      continue;
    }
    if (size > MAX_RECIPE_FILE_BYTES) {
      throw new CoreError(
        'RECIPE_INVALID',
        `${file}: ${size} bytes is larger than the ${MAX_RECIPE_FILE_BYTES}-byte recipe limit`,
      );
    }
    const result = parseRecipe(await fs.promises.readFile(file, 'utf8'), format, file);
    if (!result.ok) throw result.error;
    recipes.push({ ...result.value, file });
  }
  return { recipes, skipped };
}

/** Every regular file below `dir`, sorted (Dirent.parentPath needs Node 20.12, so walk by hand). */
async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await fs.promises.readdir(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(file)));
    else if (entry.isFile()) files.push(file);
  }
  return files.sort();
}

function formatOf(file: string): RecipeFormat | undefined {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.json') return 'json';
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  return undefined;
}
