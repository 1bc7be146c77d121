// From resolved recipes to what the lifecycle runs (pure). For each component: the first
// manifest matching this core's platform, its configuration per greengrass-reference 3.10
// (RESET/MERGE only for root components), and its lifecycle with recipe variables replaced
// (3.7), using the resolved configuration of the component and of its direct dependencies.

import { CoreError } from '../errors/core-error.ts';
import type { ComponentSpec } from '../lifecycle/component-spec.ts';
import type { CorePaths } from '../platform/core-paths.ts';
import { type ConfigurationUpdate, resolveConfiguration } from '../recipes/configuration-merge.ts';
import { type InterpolationTarget, interpolate } from '../recipes/interpolate.ts';
import { parseLifecycle } from '../recipes/lifecycle-definition.ts';
import { selectLifecycle } from '../recipes/lifecycle-selection.ts';
import { type PlatformLabels, selectManifestIndex } from '../recipes/platform-match.ts';
import { formatIssue } from '../recipes/recipe-issue.ts';
import type { Recipe, RecipeArtifact } from '../recipes/recipe-types.ts';
import type { JsonObject } from '../util/json.ts';

export interface PlanInput {
  /** Recipes of every resolved component the core runs (built-ins excluded), in dependency order. */
  readonly recipes: readonly Recipe[];
  readonly roots: ReadonlySet<string>;
  /** Versions of built-in components, referable as dependencies. */
  readonly builtins: ReadonlyMap<string, string>;
  readonly platform: PlatformLabels;
  readonly existingConfiguration: (name: string) => Readonly<JsonObject> | undefined;
  readonly updates: Readonly<Record<string, ConfigurationUpdate>>;
  readonly paths: CorePaths;
  readonly thingName: string;
}

export interface PlannedComponent {
  readonly spec: ComponentSpec;
  readonly configuration: JsonObject;
  readonly artifacts: readonly RecipeArtifact[];
  readonly manifestIndex: number;
}

export interface Plan {
  readonly components: readonly PlannedComponent[];
  /** Unresolved recipe variables and refused RESET paths, one line each, for greengrass.log. */
  readonly warnings: readonly string[];
}

export function buildPlan(input: PlanInput): Plan {
  const warnings: string[] = [];
  const configurations = new Map<string, JsonObject>();
  for (const recipe of input.recipes) {
    const update = input.roots.has(recipe.name) ? input.updates[recipe.name] : undefined;
    const resolved = resolveConfiguration(
      input.existingConfiguration(recipe.name),
      recipe.defaultConfiguration,
      update,
    );
    warnings.push(...resolved.problems.map((problem) => `${recipe.name}: ${problem}`));
    configurations.set(recipe.name, resolved.configuration);
  }
  const target = (name: string, version: string): InterpolationTarget => ({
    name,
    version,
    configuration: configurations.get(name) ?? {},
  });
  const versions = new Map([...input.builtins, ...input.recipes.map((r) => [r.name, r.version] as const)]);

  const components = input.recipes.map((recipe): PlannedComponent => {
    const manifestIndex = selectManifestIndex(recipe.manifests, input.platform);
    if (manifestIndex === -1) {
      const labels = Object.entries(input.platform)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ');
      throw new CoreError(
        'NO_MATCHING_MANIFEST',
        `${recipe.name} ${recipe.version} has no manifest for this platform (${labels})`,
        {
          details: { component: recipe.name, platform: input.platform },
        },
      );
    }
    const directDependencies = new Map(
      Object.keys(recipe.dependencies).flatMap((name) => {
        const version = versions.get(name);
        return version === undefined ? [] : [[name, target(name, version)] as const];
      }),
    );
    const interpolated = interpolate(selectLifecycle(recipe, manifestIndex), {
      component: target(recipe.name, recipe.version),
      directDependencies,
      paths: input.paths,
      thingName: input.thingName,
    });
    warnings.push(
      ...interpolated.problems.map((p) => `${recipe.name}: ${p.placeholder} left unchanged: ${p.reason}`),
    );
    const lifecycle = parseLifecycle(interpolated.value);
    if (lifecycle.issues.length > 0) {
      throw new CoreError(
        'RECIPE_INVALID',
        `${recipe.name} ${recipe.version}: ${lifecycle.issues.map(formatIssue).join('; ')}`,
      );
    }
    return {
      spec: {
        name: recipe.name,
        version: recipe.version,
        lifecycle: lifecycle.lifecycle,
        dependencies: Object.entries(recipe.dependencies).map(([name, d]) => ({
          name,
          type: d.dependencyType,
        })),
      },
      configuration: configurations.get(recipe.name) ?? {},
      artifacts: recipe.manifests[manifestIndex]?.artifacts ?? [],
      manifestIndex,
    };
  });
  return { components, warnings };
}
