// Case-insensitive recipe keys, normalised once at the edge. The nucleus reads recipes with
// Jackson's ACCEPT_CASE_INSENSITIVE_PROPERTIES (docs/greengrass-behaviour.md#recipe-keys, SerializerFactory),
// so `componentname` and `ComponentName` are the same key on a device. Keys of the fixed
// recipe model are renamed to their canonical spelling; free-form maps keep the author's keys.
// Unknown keys are kept as written so the schema can reject them with their path.

import { isRecord } from '../util/json.ts';
import type { IssuePath, RecipeIssue } from './recipe-issue.ts';

export type KeyShape =
  | { readonly kind: 'object'; readonly keys: Readonly<Record<string, KeyShape>> }
  | { readonly kind: 'list'; readonly item: KeyShape }
  | { readonly kind: 'map'; readonly value: KeyShape }
  | { readonly kind: 'free' };

const FREE: KeyShape = { kind: 'free' };

const ARTIFACT: KeyShape = {
  kind: 'object',
  keys: {
    URI: FREE,
    Digest: FREE,
    Algorithm: FREE,
    Unarchive: FREE,
    Permission: { kind: 'object', keys: { Read: FREE, Execute: FREE } },
  },
};

/** The fixed parts of recipe format 2020-01-25 (aws-greengrass-component-common ComponentRecipe). */
export const RECIPE_SHAPE: KeyShape = {
  kind: 'object',
  keys: {
    RecipeFormatVersion: FREE,
    ComponentName: FREE,
    ComponentVersion: FREE,
    ComponentDescription: FREE,
    ComponentPublisher: FREE,
    ComponentType: FREE,
    ComponentSource: FREE,
    ComponentConfiguration: { kind: 'object', keys: { DefaultConfiguration: FREE } },
    ComponentDependencies: {
      kind: 'map',
      value: { kind: 'object', keys: { VersionRequirement: FREE, DependencyType: FREE } },
    },
    Manifests: {
      kind: 'list',
      item: {
        kind: 'object',
        keys: {
          Name: FREE,
          Platform: FREE,
          Lifecycle: FREE,
          Selections: FREE,
          Artifacts: { kind: 'list', item: ARTIFACT },
        },
      },
    },
    Lifecycle: FREE,
  },
};

export interface NormalisedKeys {
  readonly value: unknown;
  readonly issues: readonly RecipeIssue[];
}

export function normaliseKeys(value: unknown, shape: KeyShape = RECIPE_SHAPE): NormalisedKeys {
  const issues: RecipeIssue[] = [];
  return { value: normalise(value, shape, [], issues), issues };
}

function normalise(value: unknown, shape: KeyShape, path: IssuePath, issues: RecipeIssue[]): unknown {
  switch (shape.kind) {
    case 'free':
      return value;
    case 'list':
      return Array.isArray(value)
        ? value.map((item, i) => normalise(item, shape.item, [...path, i], issues))
        : value;
    case 'map':
      if (!isRecord(value)) return value;
      return Object.fromEntries(
        Object.entries(value).map(([key, child]) => [
          key,
          normalise(child, shape.value, [...path, key], issues),
        ]),
      );
    case 'object':
      return isRecord(value) ? normaliseObject(value, shape.keys, path, issues) : value;
  }
}

function normaliseObject(
  value: Record<string, unknown>,
  keys: Readonly<Record<string, KeyShape>>,
  path: IssuePath,
  issues: RecipeIssue[],
): Record<string, unknown> {
  const canonicalByLowerCase = new Map(Object.keys(keys).map((key) => [key.toLowerCase(), key]));
  const result: Record<string, unknown> = {};
  const spelledAs = new Map<string, string>();
  for (const [key, child] of Object.entries(value)) {
    const canonical = canonicalByLowerCase.get(key.toLowerCase());
    const target = canonical ?? key;
    const earlier = spelledAs.get(target);
    if (earlier !== undefined) {
      issues.push({
        path: [...path, key],
        message: `duplicate key: "${earlier}" and "${key}" are the same key`,
      });
      continue;
    }
    spelledAs.set(target, key);
    const childShape = canonical === undefined ? FREE : (keys[canonical] ?? FREE);
    result[target] = normalise(child, childShape, [...path, target], issues);
  }
  return result;
}

/** Canonical keys of the fixed object found at `path` (list indexes and map keys are walked through). */
export function allowedKeysAt(
  path: readonly (string | number)[],
  shape: KeyShape = RECIPE_SHAPE,
): readonly string[] {
  let current: KeyShape | undefined = shape;
  for (const part of path) {
    if (current === undefined) return [];
    if (current.kind === 'list') current = typeof part === 'number' ? current.item : undefined;
    else if (current.kind === 'map') current = current.value;
    else if (current.kind === 'object') current = current.keys[String(part)];
    else return [];
  }
  return current?.kind === 'object' ? Object.keys(current.keys) : [];
}
