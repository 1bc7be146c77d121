// Untrusted recipe text (YAML or JSON) to a typed, frozen Recipe or a coded error naming the
// path of every problem, e.g. `Manifests[0].Lifecycle.Run: expected string or object`.
//
//   text --parse YAML/JSON--> value --normalise keys--> --schema--> --lifecycles--> Recipe
//        RECIPE_PARSE_ERROR                  RECIPE_INVALID (every issue, with its path)

import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { CoreError } from '../errors/core-error.ts';
import { deepFreeze, type JsonObject } from '../util/json.ts';
import { parseLifecycle } from './lifecycle-definition.ts';
import { selectLifecycle } from './lifecycle-selection.ts';
import { allowedKeysAt, normaliseKeys } from './normalise-keys.ts';
import { formatIssue, type RecipeIssue } from './recipe-issue.ts';
import { type RecipeDocument, recipeSchema } from './recipe-schema.ts';
import type { Recipe, RecipeArtifact, RecipeManifest } from './recipe-types.ts';

export type RecipeFormat = 'json' | 'yaml';

export interface ParsedRecipe {
  readonly recipe: Recipe;
  /** Things the nucleus ignores but an author probably wants to know (unknown lifecycle keys). */
  readonly warnings: readonly string[];
}

export type RecipeParseResult =
  | { readonly ok: true; readonly value: ParsedRecipe }
  | { readonly ok: false; readonly error: CoreError };

/** `format` follows the file extension: `.json` is JSON, `.yaml`/`.yml` YAML. */
export function parseRecipe(text: string, format: RecipeFormat, source = 'recipe'): RecipeParseResult {
  let value: unknown;
  try {
    value = format === 'json' ? JSON.parse(text) : parseYaml(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
    return fail('RECIPE_PARSE_ERROR', `${source}: not valid ${format.toUpperCase()}: ${reason}`, [], cause);
  }
  return parseRecipeValue(value, source);
}

export function parseRecipeValue(value: unknown, source = 'recipe'): RecipeParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail('RECIPE_INVALID', `${source}: a recipe must be an object`, [
      { path: [], message: 'expected an object' },
    ]);
  }
  const normalised = normaliseKeys(value);
  const checked = recipeSchema.safeParse(normalised.value);
  const issues = [
    ...normalised.issues,
    ...(checked.success ? [] : checked.error.issues.flatMap(toRecipeIssues)),
  ];
  if (!checked.success || issues.length > 0) return invalid(source, issues);

  const recipe = buildRecipe(checked.data);
  const lifecycleIssues: RecipeIssue[] = [];
  const warnings: RecipeIssue[] = [];
  recipe.manifests.forEach((manifest, index) => {
    const ownLifecycle = Object.keys(manifest.lifecycle).length > 0;
    const path = ownLifecycle ? ['Manifests', index, 'Lifecycle'] : ['Lifecycle'];
    const parsed = parseLifecycle(selectLifecycle(recipe, index), path);
    lifecycleIssues.push(...parsed.issues);
    warnings.push(...parsed.warnings);
  });
  if (lifecycleIssues.length > 0) return invalid(source, dedupe(lifecycleIssues));
  return { ok: true, value: { recipe: deepFreeze(recipe), warnings: dedupe(warnings).map(formatIssue) } };
}

function buildRecipe(doc: RecipeDocument): Recipe {
  const dependencies = Object.fromEntries(
    Object.entries(doc.ComponentDependencies ?? {}).map(([name, dep]) => [
      name,
      { versionRequirement: dep.VersionRequirement, dependencyType: dep.DependencyType ?? 'HARD' },
    ]),
  );
  return {
    formatVersion: doc.RecipeFormatVersion,
    name: doc.ComponentName,
    version: doc.ComponentVersion,
    type: doc.ComponentType ?? 'aws.greengrass.generic',
    ...optional('description', doc.ComponentDescription),
    ...optional('publisher', doc.ComponentPublisher),
    ...optional('source', doc.ComponentSource),
    defaultConfiguration: (doc.ComponentConfiguration?.DefaultConfiguration ?? {}) as JsonObject,
    dependencies,
    manifests: (doc.Manifests ?? []).map(buildManifest),
    lifecycle: (doc.Lifecycle ?? {}) as JsonObject,
  };
}

type ManifestDocument = NonNullable<RecipeDocument['Manifests']>[number];

function buildManifest(doc: ManifestDocument): RecipeManifest {
  return {
    ...optional('name', doc.Name),
    platform: doc.Platform ?? {},
    lifecycle: (doc.Lifecycle ?? {}) as JsonObject,
    selections: doc.Selections ?? [],
    artifacts: (doc.Artifacts ?? []).map(
      (artifact): RecipeArtifact => ({
        uri: artifact.URI,
        unarchive: artifact.Unarchive ?? 'NONE',
        permission: {
          read: artifact.Permission?.Read ?? 'OWNER',
          execute: artifact.Permission?.Execute ?? 'NONE',
        },
        ...optional('digest', artifact.Digest),
        ...optional('algorithm', artifact.Algorithm),
      }),
    ),
  };
}

function toRecipeIssues(issue: z.core.$ZodIssue): RecipeIssue[] {
  const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(path);
    const hint = allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : '';
    return issue.keys.map((key) => ({ path: [...path, key], message: `unknown key${hint}` }));
  }
  const message = issue.message.replace(/^Invalid (input|option): /, '');
  return [{ path, message: message.endsWith('received undefined') ? 'is required' : message }];
}

function invalid(source: string, issues: readonly RecipeIssue[]): RecipeParseResult {
  return fail('RECIPE_INVALID', `${source}: invalid recipe: ${issues.map(formatIssue).join('; ')}`, issues);
}

function fail(
  code: 'RECIPE_PARSE_ERROR' | 'RECIPE_INVALID',
  message: string,
  issues: readonly RecipeIssue[],
  cause?: unknown,
): RecipeParseResult {
  const details = {
    issues: issues.map((issue) => ({ path: issue.path, message: issue.message, text: formatIssue(issue) })),
  };
  return { ok: false, error: new CoreError(code, message, { cause, details }) };
}

function dedupe(issues: readonly RecipeIssue[]): RecipeIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = formatIssue(issue);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function optional<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return (value === null || value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
