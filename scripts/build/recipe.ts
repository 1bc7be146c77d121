// Turns a source recipe (recipes/*.yaml) into the built recipe: the same recipe with only the
// manifests whose artifacts this build produced, serialised as plain YAML (no anchors, no
// comments). Artifact URIs keep gdk's placeholders; see the note in the source recipes.
// Pure: no I/O.

import { parse, stringify } from 'yaml';
import { BuildError } from './errors.ts';

export type Recipe = Readonly<Record<string, unknown>>;

export interface RecipeIdentity {
  readonly name: string;
  readonly version: string;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseRecipe(text: string, source: string): Recipe {
  const recipe: unknown = parse(text);
  if (!isRecord(recipe)) throw new BuildError('RECIPE_INVALID', `${source} is not a YAML mapping`);
  return recipe;
}

export function recipeIdentity(recipe: Recipe, source: string): RecipeIdentity {
  const { ComponentName: name, ComponentVersion: version } = recipe;
  if (typeof name !== 'string' || typeof version !== 'string') {
    throw new BuildError('RECIPE_INVALID', `${source} needs ComponentName and ComponentVersion as strings`);
  }
  return { name, version };
}

/** File name of an artifact URI (`s3://b/k/x.zip` -> `x.zip`). */
export function artifactFile(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** File names of a manifest's s3 artifacts. */
export function manifestArtifacts(manifest: unknown): string[] {
  if (!isRecord(manifest) || !Array.isArray(manifest.Artifacts)) return [];
  return manifest.Artifacts.flatMap((artifact: unknown) =>
    isRecord(artifact) && typeof artifact.Uri === 'string' && artifact.Uri.startsWith('s3://')
      ? [artifactFile(artifact.Uri)]
      : [],
  );
}

export interface RenderedRecipe {
  readonly recipe: Recipe;
  /** Names (or indexes) of manifests left out because their artifacts were not built. */
  readonly omittedManifests: readonly string[];
}

/** Keeps the manifests whose every s3 artifact is in `builtFiles`; every built file must be used. */
export function renderBuiltRecipe(
  source: Recipe,
  builtFiles: ReadonlySet<string>,
  sourceName: string,
): RenderedRecipe {
  const manifests = Array.isArray(source.Manifests) ? source.Manifests : [];
  const kept: unknown[] = [];
  const omitted: string[] = [];
  manifests.forEach((manifest: unknown, index) => {
    const files = manifestArtifacts(manifest);
    if (files.every((file) => builtFiles.has(file))) kept.push(manifest);
    else omitted.push(isRecord(manifest) && typeof manifest.Name === 'string' ? manifest.Name : `#${index}`);
  });
  const used = new Set(kept.flatMap(manifestArtifacts));
  const unused = [...builtFiles].filter((file) => !used.has(file));
  if (unused.length > 0) {
    throw new BuildError(
      'RECIPE_INVALID',
      `${sourceName}: no manifest refers to the built ${unused.join(', ')}`,
    );
  }
  if (kept.length === 0) {
    throw new BuildError('RECIPE_INVALID', `${sourceName}: no manifest is left for the artifacts built`);
  }
  return { recipe: { ...source, Manifests: kept }, omittedManifests: omitted };
}

/**
 * YAML 1.1 style, so every scalar a YAML 1.1 reader (the nucleus's SnakeYAML, gdk's PyYAML)
 * would take for a date, boolean or number is quoted: `RecipeFormatVersion: "2020-01-25"`.
 */
export function serializeRecipe(recipe: Recipe): string {
  return stringify(recipe, { version: '1.1', lineWidth: 0, aliasDuplicateObjects: false });
}

/** `greengrass-build/recipes/<file>`: any .yaml name works for greengrass-cli (reference 5.2). */
export function builtRecipeFileName(identity: RecipeIdentity): string {
  return `${identity.name}-${identity.version}.yaml`;
}
