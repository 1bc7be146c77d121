// A stand-in for greengrass-build/ made from the real source recipes, rendered as the build
// renders them, with tiny deterministic zips in place of the real artifacts. For tests of the
// steps after the build (publish, the CDK app) that need the shape, not the tens of MB.

import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { COMPONENTS } from '../../scripts/build/components.ts';
import { NODE_RUNTIME } from '../../scripts/build/node-runtime.ts';
import {
  builtRecipeFileName,
  parseRecipe,
  recipeIdentity,
  renderBuiltRecipe,
  serializeRecipe,
} from '../../scripts/build/recipe.ts';
import { artifactFileName, type Target } from '../../scripts/build/targets.ts';
import { zipFolder } from '../../scripts/build/zip.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** The built recipe texts for `targets`, by file name under recipes/. */
export async function renderRecipes(targets: readonly Target[]): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const spec of [...COMPONENTS, NODE_RUNTIME]) {
    const source = parseRecipe(await readFile(join(ROOT, spec.recipe), 'utf8'), spec.recipe);
    const built = new Set(targets.map((target) => artifactFileName(spec.artifactBaseName, target)));
    const text = serializeRecipe(renderBuiltRecipe(source, built, spec.recipe).recipe);
    texts.set(builtRecipeFileName(recipeIdentity(source, spec.recipe)), text);
  }
  return texts;
}

export async function writeBuildOutput(outDir: string, targets: readonly Target[]): Promise<void> {
  const content = await mkdtemp(join(tmpdir(), 'fixture-artifact-'));
  try {
    await writeFile(
      join(content, 'main.js'),
      '// stand-in artifact for tests of the steps after the build\n',
    );
    await mkdir(join(outDir, 'recipes'), { recursive: true });
    for (const [file, text] of await renderRecipes(targets))
      await writeFile(join(outDir, 'recipes', file), text);
    for (const spec of [...COMPONENTS, NODE_RUNTIME]) {
      const source = parseRecipe(await readFile(join(ROOT, spec.recipe), 'utf8'), spec.recipe);
      const { name, version } = recipeIdentity(source, spec.recipe);
      const dir = join(outDir, 'artifacts', name, version);
      await mkdir(dir, { recursive: true });
      for (const target of targets)
        await zipFolder(content, join(dir, artifactFileName(spec.artifactBaseName, target)));
    }
  } finally {
    await rm(content, { recursive: true, force: true });
  }
}
