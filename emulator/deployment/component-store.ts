// The core's recipe store, `<root>/packages/recipes/<name>-<version>.yaml` (nucleus
// ComponentStore RECIPE_FILE_NAME_FORMAT), indexed in memory. It is the catalog dependency
// resolution picks versions from; built-in components join it with no recipe.

import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { writeFileAtomic } from '../files/atomic-file.ts';
import type { CoreLogger } from '../logs/core-logger.ts';
import type { CorePaths } from '../platform/core-paths.ts';
import { parseRecipe } from '../recipes/parse-recipe.ts';
import { recipeDocument } from '../recipes/recipe-document.ts';
import type { ComponentDependency, Recipe } from '../recipes/recipe-types.ts';
import type { ComponentCatalog } from './resolve-versions.ts';

export class ComponentStore {
  readonly #dir: string;
  readonly #recipes = new Map<string, Map<string, Recipe>>();

  /** Loads every stored recipe; unreadable ones are logged and left out. */
  constructor(paths: CorePaths, logger: CoreLogger) {
    this.#dir = paths.recipes;
    fs.mkdirSync(this.#dir, { recursive: true });
    for (const file of fs.readdirSync(this.#dir)) {
      if (!/\.ya?ml$/.test(file)) continue;
      const result = parseRecipe(fs.readFileSync(path.join(this.#dir, file), 'utf8'), 'yaml', file);
      if (result.ok) this.#index(result.value.recipe);
      else
        logger.log({
          level: 'WARN',
          thread: 'main',
          logger: STORE_LOGGER,
          event: 'recipe-unreadable',
          message: result.error.message,
        });
    }
  }

  /** Writes the recipe under its own name and version, whatever its source file was called. */
  save(recipe: Recipe): string {
    const file = path.join(this.#dir, `${recipe.name}-${recipe.version}.yaml`);
    writeFileAtomic(file, stringify(recipeDocument(recipe)));
    this.#index(recipe);
    return file;
  }

  get(name: string, version: string): Recipe | undefined {
    return this.#recipes.get(name)?.get(version);
  }

  versions(name: string): string[] {
    return [...(this.#recipes.get(name)?.keys() ?? [])];
  }

  /** The store plus built-in components (name to version, no dependencies). */
  catalog(builtins: ReadonlyMap<string, string>): ComponentCatalog {
    return {
      versions: (name) => {
        const builtin = builtins.get(name);
        return builtin === undefined ? this.versions(name) : [builtin];
      },
      dependencies: (name, version): Readonly<Record<string, ComponentDependency>> =>
        builtins.has(name) ? {} : (this.get(name, version)?.dependencies ?? {}),
    };
  }

  #index(recipe: Recipe): void {
    const versions = this.#recipes.get(recipe.name) ?? new Map<string, Recipe>();
    versions.set(recipe.version, recipe);
    this.#recipes.set(recipe.name, versions);
  }
}

const STORE_LOGGER = 'com.aws.greengrass.componentmanager.ComponentStore';
