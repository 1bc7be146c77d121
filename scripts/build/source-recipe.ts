// A component's name and version from its source recipe (the single source of truth), for the
// scripts that need to find or deploy what the build made.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ComponentBuildSpec } from './components.ts';
import { REPO_ROOT } from './freshness.ts';
import { parseRecipe, type RecipeIdentity, recipeIdentity } from './recipe.ts';

export function sourceRecipeIdentity(spec: ComponentBuildSpec): RecipeIdentity {
  const file = path.join(REPO_ROOT, spec.recipe);
  return recipeIdentity(parseRecipe(readFileSync(file, 'utf8'), spec.recipe), spec.recipe);
}
