// The DefaultConfiguration of one of our real recipes, so tests run the components with the
// configuration (and accessControl) a deployment would give them.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import type { JsonObject } from '../../emulator/util/json.ts';
import { REPO_ROOT } from './node-component.ts';

export const CLASSIFIER = 'com.custom.ImageClassifier';
export const REQUESTER = 'com.custom.requester';

export async function recipeDefaults(component: string): Promise<JsonObject> {
  const recipe = parse(await readFile(path.join(REPO_ROOT, 'recipes', `${component}.yaml`), 'utf8'));
  return recipe.ComponentConfiguration.DefaultConfiguration as JsonObject;
}
