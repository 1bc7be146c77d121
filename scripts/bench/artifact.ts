// The build the bench deploys: greengrass-build/ (or --build-dir) for this machine's
// architecture. A build older than what it is built from would measure old code, so it is
// rebuilt first, judged by the same freshness rule as `npm start` and the tests.
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
import { artifactFileName, hostTarget } from '../build/targets.ts';

export interface BuiltComponents {
  /** `<build>/recipes`: every built recipe (the classifier's and com.custom.NodeRuntime's among them). */
  readonly recipeDir: string;
  /** `<build>/artifacts`, laid out `<name>/<version>/<files>` for a local deployment. */
  readonly artifactDir: string;
}

const CLASSIFIER_SPEC = COMPONENTS.find((spec) => spec.artifactBaseName === 'classifier');

function builtIn(buildDir: string): BuiltComponents {
  const target = hostTarget(process.platform, process.arch);
  if (!target)
    throw new Error(
      `the build has no target for ${process.platform}-${process.arch} (linux x64 and arm64 only)`,
    );
  if (!CLASSIFIER_SPEC) throw new Error('the build defines no classifier');
  const built = { recipeDir: path.join(buildDir, 'recipes'), artifactDir: path.join(buildDir, 'artifacts') };
  const identity = sourceRecipeIdentity(CLASSIFIER_SPEC);
  const zip = path.join(
    built.artifactDir,
    identity.name,
    identity.version,
    artifactFileName('classifier', target),
  );
  const recipe = path.join(built.recipeDir, builtRecipeFileName(identity));
  if (!existsSync(zip) || !existsSync(recipe))
    throw new Error(`no built classifier for ${target.id} at ${zip}; run npm run build`);
  return built;
}

/** The build in `buildDir` if given, else greengrass-build/, rebuilt first when stale. */
export async function ensureBuiltComponents(
  rebuild: boolean,
  log: (line: string) => void,
  buildDir?: string,
): Promise<BuiltComponents> {
  if (buildDir) return builtIn(path.resolve(buildDir));
  if (rebuild) {
    await ensureComponentBuild(log, COMPONENT_BUILD_ARGS);
  } else {
    const state = componentBuildState();
    if (!state.fresh) log(`warning: ${state.reason} (--no-build given)`);
  }
  return builtIn(BUILD_DIR);
}
