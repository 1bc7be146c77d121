// Which raw lifecycle a chosen manifest uses (docs/greengrass-behaviour.md#manifests-and-platforms; nucleus RecipeLoader
// convertLifecycleFromFile and PlatformResolver.filterPlatform):
// - the manifest's own Lifecycle when it is not empty;
// - otherwise the recipe's global Lifecycle, filtered by the manifest's Selections. At any map
//   level that holds a selection keyword (the union of every manifest's Selections plus `all`),
//   the first selection present wins, then `all`; the other keys at that level are dropped.

import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';
import type { Recipe } from './recipe-types.ts';

export const ALL_SELECTION = 'all';

export function selectLifecycle(recipe: Recipe, manifestIndex: number): JsonObject {
  const manifest = recipe.manifests[manifestIndex];
  if (manifest === undefined) return {};
  if (Object.keys(manifest.lifecycle).length > 0) return manifest.lifecycle as JsonObject;
  const keywords = new Set([ALL_SELECTION, ...recipe.manifests.flatMap((m) => m.selections)]);
  const filtered = filterSelections(recipe.lifecycle as JsonObject, keywords, manifest.selections);
  return isJsonObject(filtered) ? filtered : {};
}

export function filterSelections(
  source: JsonObject,
  keywords: ReadonlySet<string>,
  selections: readonly string[],
): JsonValue | undefined {
  if (Object.keys(source).some((key) => keywords.has(key))) {
    const chosen = [...selections, ALL_SELECTION]
      .map((s) => source[s])
      .find((v) => v !== undefined && v !== null);
    return chosen === undefined ? undefined : filterValue(chosen, keywords, selections);
  }
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(source)) {
    const filtered = filterValue(value, keywords, selections);
    if (filtered !== undefined) result[key] = filtered;
  }
  return result;
}

function filterValue(value: JsonValue, keywords: ReadonlySet<string>, selections: readonly string[]) {
  if (value === null) return undefined; // nulls count as missing here, as in the nucleus
  return isJsonObject(value) ? filterSelections(value, keywords, selections) : value;
}
