// Manifest selection by platform (docs/greengrass-behaviour.md#manifests-and-platforms; aws-greengrass-component-common
// PlatformHelper). The nucleus takes the FIRST manifest whose every Platform key matches.

import type { PlatformRequirement, RecipeManifest } from './recipe-types.ts';

/** Platform labels of this core, e.g. {os: 'linux', architecture: 'amd64', runtime: ...}. */
export type PlatformLabels = Readonly<Record<string, string>>;

/** A label must start with a letter or digit; other leading characters are reserved (PlatformHelper). */
const SIMPLE_LABEL = /^[a-zA-Z0-9]/;
const LEGACY_WILDCARD_KEYS = new Set(['os', 'architecture']);

export function platformMatches(
  requirements: Readonly<Record<string, PlatformRequirement>>,
  labels: PlatformLabels,
): boolean {
  return Object.entries(requirements).every(([key, requirement]) =>
    Array.isArray(requirement)
      ? requirement.some((alternative) => fieldMatches(key, labels[key], alternative))
      : fieldMatches(key, labels[key], requirement as string | null),
  );
}

/**
 * Index of the first manifest matching the labels, or -1 when none does. `needsRuntimeKey`:
 * nucleus lite skips a manifest whose Platform does not name a `runtime` (ggl-recipe/src/recipe.c).
 */
export function selectManifestIndex(
  manifests: readonly RecipeManifest[],
  labels: PlatformLabels,
  needsRuntimeKey = false,
): number {
  return manifests.findIndex(
    (manifest) =>
      platformMatches(manifest.platform, labels) &&
      (!needsRuntimeKey || Object.keys(manifest.platform).length === 0 || 'runtime' in manifest.platform),
  );
}

function fieldMatches(key: string, label: string | undefined, template: string | null): boolean {
  if (template === '*') return true; // anything, including an absent label (reference 3.4)
  if (template === null) return label === undefined; // explicit "no value" test
  if (label === undefined) return false;
  if (template === '//') return true; // "has a value"
  if (template.length > 2 && template.startsWith('/') && template.endsWith('/')) {
    return fullRegexMatch(template.slice(1, -1), label);
  }
  if (LEGACY_WILDCARD_KEYS.has(key) && (template === 'all' || template === 'any')) return true;
  if (!SIMPLE_LABEL.test(template)) return false;
  return template === label;
}

/** Java's String.matches: the whole label must match. An invalid pattern matches nothing. */
function fullRegexMatch(pattern: string, label: string): boolean {
  try {
    return new RegExp(`^(?:${pattern})$`).test(label);
  } catch {
    return false;
  }
}
