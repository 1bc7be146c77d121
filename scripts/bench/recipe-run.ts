// How the bench's core host runs a component from its recipe (pure): the manifest a linux
// amd64 core selects, its Setenv and Run interpolated with the local core's own recipe code
// (docs/greengrass-behaviour.md#manifests-and-platforms, docs/greengrass-behaviour.md#recipe-variables), so the bench starts the classifier exactly as a deployment
// on that core would.
import { corePaths } from '../../emulator/platform/core-paths.ts';
import { interpolate } from '../../emulator/recipes/interpolate.ts';
import { selectLifecycle } from '../../emulator/recipes/lifecycle-selection.ts';
import { parseRecipe } from '../../emulator/recipes/parse-recipe.ts';
import { selectManifestIndex } from '../../emulator/recipes/platform-match.ts';
import type { Recipe } from '../../emulator/recipes/recipe-types.ts';
import { isJsonObject, type JsonObject } from '../../emulator/util/json.ts';

export interface RunStep {
  /** The manifest's Setenv, interpolated. */
  readonly env: Readonly<Record<string, string>>;
  /** The Run script, interpolated; run with `sh -c` as the nucleus does. */
  readonly script: string;
}

const LINUX_AMD64 = { os: 'linux', architecture: 'amd64' } as const;
/** `{iot:thingName}` on the bench's core. */
const BENCH_THING_NAME = 'bench';

/** Parses recipe text (YAML or JSON) as the local core does; throws with the core's message. */
export function parseBenchRecipe(text: string, source: string): Recipe {
  const parsed = parseRecipe(text, 'yaml', source);
  if (!parsed.ok) throw parsed.error;
  return parsed.value.recipe;
}

export function linuxAmd64RunStep(recipe: Recipe, rootPath: string, configuration: JsonObject): RunStep {
  const index = selectManifestIndex(recipe.manifests, LINUX_AMD64);
  const lifecycle = index === -1 ? {} : selectLifecycle(recipe, index);
  const { value } = interpolate(lifecycle, {
    component: { name: recipe.name, version: recipe.version, configuration },
    directDependencies: new Map(),
    paths: corePaths(rootPath),
    thingName: BENCH_THING_NAME,
  });
  const run = value.run ?? value.Run;
  const script = typeof run === 'string' ? run : isJsonObject(run) ? run.Script : undefined;
  if (typeof script !== 'string')
    throw new Error(`${recipe.name} has no linux amd64 manifest with a Run step`);
  const setenv = isJsonObject(value.Setenv) ? value.Setenv : {};
  const env = Object.fromEntries(Object.entries(setenv).map(([name, text]) => [name, String(text)]));
  return { env, script };
}

const EXEC_NODE = /\bexec "\$node" /;

/**
 * The run script with extra Node options after its `exec "$node"` (for profiling: --cpu-prof
 * is not allowed in NODE_OPTIONS). Options are single-quoted for the shell.
 */
export function withNodeOptions(script: string, options: readonly string[]): string {
  if (options.length === 0) return script;
  if (!EXEC_NODE.test(script)) throw new Error(`cannot add Node options to: ${script}`);
  const quoted = options.map((option) => `'${option.replaceAll("'", "'\\''")}'`).join(' ');
  return script.replace(EXEC_NODE, `exec "$node" ${quoted} `);
}
