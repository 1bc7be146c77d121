// The classifier artifact the bench runs: the built zip and recipe for this machine. A build
// older than what it is built from would measure old code, so it is rebuilt first, judged by
// the same freshness rule as `npm start` and the tests (sources, recipes, build, lockfile, models).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { COMPONENTS } from '../build/components.ts';
import {
  BUILD_DIR,
  COMPONENT_BUILD_ARGS,
  componentBuildState,
  ensureComponentBuild,
} from '../build/freshness.ts';
import { builtRecipeFileName } from '../build/recipe.ts';
import { sourceRecipeIdentity } from '../build/source-recipe.ts';
import { artifactFileName, findTarget } from '../build/targets.ts';

export interface BuiltClassifier {
  readonly zipPath: string;
  readonly recipePath: string;
}

const CLASSIFIER_SPEC = COMPONENTS.find((spec) => spec.artifactBaseName === 'classifier');

/** Where the build puts the classifier's linux-x64 zip and recipe, by the source recipe's version. */
function builtClassifierIn(buildDir: string): BuiltClassifier {
  const target = findTarget('linux-x64');
  if (!CLASSIFIER_SPEC || !target) throw new Error('the build defines no classifier for linux-x64');
  const identity = sourceRecipeIdentity(CLASSIFIER_SPEC);
  return {
    zipPath: path.join(
      buildDir,
      'artifacts',
      identity.name,
      identity.version,
      artifactFileName(CLASSIFIER_SPEC.artifactBaseName, target),
    ),
    recipePath: path.join(buildDir, 'recipes', builtRecipeFileName(identity)),
  };
}

/** The classifier in `buildDir` if given, else greengrass-build/, rebuilt first when stale. */
export async function ensureBuiltClassifier(
  rebuild: boolean,
  log: (line: string) => void,
  buildDir?: string,
): Promise<BuiltClassifier> {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(`the bench runs the linux-x64 artifact; this is ${process.platform}-${process.arch}`);
  if (buildDir) return checkExists(builtClassifierIn(path.resolve(buildDir)));
  if (rebuild) {
    await ensureComponentBuild(log, COMPONENT_BUILD_ARGS);
  } else {
    const state = componentBuildState();
    if (!state.fresh) log(`warning: ${state.reason} (--no-build given)`);
  }
  return checkExists(builtClassifierIn(BUILD_DIR));
}

function checkExists(built: BuiltClassifier): BuiltClassifier {
  if (!existsSync(built.zipPath) || !existsSync(built.recipePath))
    throw new Error(`no built classifier at ${built.zipPath}; run npm run build`);
  return built;
}
