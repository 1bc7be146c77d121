// The recipe folder the bench deploys from: the build's recipes as they are (the classifier's
// run step given extra Node options only when profiling, as `--cpu-prof` cannot go through
// NODE_OPTIONS), and bench.Echo's, the IPC-only reference component run from source.
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { CLASSIFIER, type CoreHostStart, ECHO_COMPONENT } from './core-host-protocol.ts';
import { withNodeOptions } from './node-options.ts';

export interface BenchRecipes {
  readonly recipeDir: string;
  readonly classifierVersion: string;
  readonly echoVersion: string;
}

const ECHO_VERSION = '1.0.0';
const ECHO_ENTRY = fileURLToPath(new URL('./echo-component.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function benchRecipes(start: CoreHostStart, recipeDir: string): Promise<BenchRecipes> {
  await mkdir(recipeDir, { recursive: true });
  let classifierVersion: string | undefined;
  for (const file of await readdir(start.recipeDir)) {
    const source = path.join(start.recipeDir, file);
    const recipe = parse(await readFile(source, 'utf8')) as Record<string, unknown>;
    if (recipe.ComponentName !== CLASSIFIER) {
      await copyFile(source, path.join(recipeDir, file));
      continue;
    }
    classifierVersion = String(recipe.ComponentVersion);
    if (start.nodeArgs.length > 0) addNodeOptions(recipe, start.nodeArgs);
    await writeFile(path.join(recipeDir, file), stringify(recipe));
  }
  if (!classifierVersion) throw new Error(`no ${CLASSIFIER} recipe in ${start.recipeDir}`);
  await writeFile(
    path.join(recipeDir, `${ECHO_COMPONENT}-${ECHO_VERSION}.json`),
    JSON.stringify(echoRecipe()),
  );
  return { recipeDir, classifierVersion, echoVersion: ECHO_VERSION };
}

function addNodeOptions(recipe: Record<string, unknown>, nodeArgs: readonly string[]): void {
  for (const manifest of (recipe.Manifests as Array<{ Lifecycle?: Record<string, unknown> }>) ?? []) {
    const lifecycle = manifest.Lifecycle;
    if (lifecycle && typeof lifecycle.run === 'string')
      lifecycle.run = withNodeOptions(lifecycle.run, nodeArgs);
  }
}

/** bench.Echo on the bench's own Node.js, from source (tsx), allowed every local topic. */
function echoRecipe(): Record<string, unknown> {
  return {
    RecipeFormatVersion: '2020-01-25',
    ComponentName: ECHO_COMPONENT,
    ComponentVersion: ECHO_VERSION,
    ComponentConfiguration: {
      DefaultConfiguration: {
        accessControl: {
          'aws.greengrass.ipc.pubsub': {
            [`${ECHO_COMPONENT}:pubsub:1`]: {
              operations: ['aws.greengrass#PublishToTopic', 'aws.greengrass#SubscribeToTopic'],
              resources: ['*'],
            },
          },
        },
      },
    },
    Manifests: [
      {
        Platform: { os: 'linux' },
        Lifecycle: {
          Setenv: { COMPONENT_LIFECYCLE_STEP: 'run' },
          run: `cd '${REPO_ROOT}' && exec '${process.execPath}' --import tsx '${ECHO_ENTRY}'`,
        },
      },
    ],
  };
}
