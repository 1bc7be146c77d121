// The classifier artifact the bench runs: the built zip and recipe for this machine. A build
// older than what it is built from would measure old code, so it is rebuilt first, judged by
// the same freshness rule as `npm start` and the tests (sources, recipes, build, lockfile, models).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { BUILD_DIR, componentBuildState, ensureComponentBuild } from '../build/freshness.ts';

export interface BuiltClassifier {
  readonly zipPath: string;
  readonly recipePath: string;
}

function builtClassifierIn(buildDir: string): BuiltClassifier {
  return {
    zipPath: path.join(buildDir, 'artifacts/com.custom.ImageClassifier/1.0.0/classifier-linux-x64.zip'),
    recipePath: path.join(buildDir, 'recipes/com.custom.ImageClassifier-1.0.0.yaml'),
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
    await ensureComponentBuild(log, ['--arch', 'host']);
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
