// From resolved recipes to what the lifecycle runs (pure). For each component: the first
// manifest matching this core's platform, its configuration per docs/greengrass-behaviour.md#deployment-configuration-updates
// (RESET/MERGE only for root components), and its lifecycle with recipe variables replaced
// (3.7), using the resolved configuration of the component and of its direct dependencies.

import { CoreError } from '../errors/core-error.ts';
import type { ComponentSpec } from '../lifecycle/component-spec.ts';
import type { CorePaths } from '../platform/core-paths.ts';
import { CLASSIC_NUCLEUS, type NucleusBehaviour } from '../platform/nucleus-flavour.ts';
import { type ConfigurationUpdate, resolveConfiguration } from '../recipes/configuration-merge.ts';
import { type InterpolationTarget, interpolate } from '../recipes/interpolate.ts';
import { parseLifecycle } from '../recipes/lifecycle-definition.ts';
import { selectLifecycle } from '../recipes/lifecycle-selection.ts';
import { liteLifecycleView } from '../recipes/lite-lifecycle.ts';
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
  /** The nucleus this core behaves as (default classic). */
  readonly nucleus?: NucleusBehaviour;
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
  const nucleus = input.nucleus ?? CLASSIC_NUCLEUS;
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
    const manifestIndex = selectManifestIndex(
      recipe.manifests,
      input.platform,
      nucleus.manifestNeedsRuntimeKey,
    );
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
    const lifecycleAsRead = readAsNucleus(nucleus, recipe, selectLifecycle(recipe, manifestIndex), warnings);
    const interpolated = interpolate(lifecycleAsRead, {
      component: target(recipe.name, recipe.version),
      directDependencies,
      paths: input.paths,
      thingName: input.thingName,
      crossComponent: nucleus.crossComponentVariables,
      foldersEndWithSlash: nucleus.pathVariablesEndWithSlash,
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

/**
 * The lifecycle as the chosen nucleus reads it. Lite ignores keys it does not spell as it
 * expects and refuses a recipe left with nothing to run; the classic nucleus reads every
 * spelling but the core warns (in greengrass.log) about what lite would do with it.
 */
function readAsNucleus(
  nucleus: NucleusBehaviour,
  recipe: Recipe,
  lifecycle: JsonObject,
  warnings: string[],
): JsonObject {
  const lite = liteLifecycleView(lifecycle);
  const who = `${recipe.name} ${recipe.version}`;
  if (nucleus.caseSensitiveLifecycleKeys) {
    if (lite.refusal !== undefined) {
      throw new CoreError(
        'RECIPE_REFUSED_BY_LITE',
        `${who}: nucleus lite refuses this recipe: ${lite.refusal}`,
        {
          details: { component: recipe.name, ignored: lite.ignored },
        },
      );
    }
    warnings.push(...lite.ignored.map((line) => `${who}: ignored by nucleus lite: ${line}`));
    return lite.lifecycle;
  }
  if (lite.refusal !== undefined) {
    warnings.push(
      `${who}: nucleus lite would refuse this recipe (${lite.refusal}): ${lite.ignored.join('; ')}`,
    );
  } else {
    warnings.push(...lite.ignored.map((line) => `${who}: nucleus lite would ignore ${line}`));
  }
  return lifecycle;
}
