// A typed recipe back to its canonical document (PascalCase keys), as stored in the component
// store. parseRecipeValue(recipeDocument(r)) gives r back.

import type { JsonObject } from '../util/json.ts';
import type { Recipe } from './recipe-types.ts';

export function recipeDocument(recipe: Recipe): JsonObject {
  const doc: JsonObject = {
    RecipeFormatVersion: recipe.formatVersion,
    ComponentName: recipe.name,
    ComponentVersion: recipe.version,
    ComponentType: recipe.type,
  };
  if (recipe.description !== undefined) doc.ComponentDescription = recipe.description;
  if (recipe.publisher !== undefined) doc.ComponentPublisher = recipe.publisher;
  if (recipe.source !== undefined) doc.ComponentSource = recipe.source;
  doc.ComponentConfiguration = { DefaultConfiguration: recipe.defaultConfiguration as JsonObject };
  doc.ComponentDependencies = Object.fromEntries(
    Object.entries(recipe.dependencies).map(([name, d]) => [
      name,
      { VersionRequirement: d.versionRequirement, DependencyType: d.dependencyType },
    ]),
  );
  doc.Manifests = recipe.manifests.map((m) => {
    const manifest: JsonObject = {
      Platform: m.platform as JsonObject,
      Lifecycle: m.lifecycle as JsonObject,
      Selections: [...m.selections],
      Artifacts: m.artifacts.map((a) => {
        const artifact: JsonObject = {
          URI: a.uri,
          Unarchive: a.unarchive,
          Permission: { Read: a.permission.read, Execute: a.permission.execute },
        };
        if (a.digest !== undefined) artifact.Digest = a.digest;
        if (a.algorithm !== undefined) artifact.Algorithm = a.algorithm;
        return artifact;
      }),
    };
    if (m.name !== undefined) manifest.Name = m.name;
    return manifest;
  });
  doc.Lifecycle = recipe.lifecycle as JsonObject;
  return doc;
}
