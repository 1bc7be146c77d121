// Whether greengrass-build/ is older than anything it is built from, and a rebuild when it is.
// Used by `npm start` and by the tests that deploy the real build output.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUILD_DIR = path.join(REPO_ROOT, 'greengrass-build');
/** What the build reads: sources, recipes, the build itself, the lockfile, model cards and files. */
const BUILD_INPUTS = ['common', 'components', 'recipes', 'scripts/build', 'package-lock.json', 'models'];

/** How npm start and the tests build: this machine's platform, with the unpacked copy lite needs. */
export const COMPONENT_BUILD_ARGS: readonly string[] = ['--arch', 'host', '--unpacked'];
/** Written by `--unpacked` (scripts/build/build.ts UNPACKED_FOLDER). */
const UNPACKED_OUTPUT = 'artifacts-unpacked';

export type BuildState = { readonly fresh: true } | { readonly fresh: false; readonly reason: string };

function filesUnder(entry: string): string[] {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (stat === undefined) return [];
  if (!stat.isDirectory()) return [entry];
  return fs
    .readdirSync(entry, { recursive: true, withFileTypes: true })
    .filter((dirent) => dirent.isFile())
    .map((dirent) => path.join(dirent.parentPath, dirent.name))
    .filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`));
}

const modifiedMs = (file: string): number => fs.statSync(file).mtimeMs;

export function componentBuildState(): BuildState {
  const outputs = [
    ...filesUnder(path.join(BUILD_DIR, 'recipes')),
    ...filesUnder(path.join(BUILD_DIR, 'artifacts')).filter((file) => file.endsWith('.zip')),
  ];
  if (outputs.length === 0) return { fresh: false, reason: `${BUILD_DIR} is missing or empty` };
  if (!fs.existsSync(path.join(BUILD_DIR, UNPACKED_OUTPUT)))
    return { fresh: false, reason: `${BUILD_DIR} has no ${UNPACKED_OUTPUT} (a build without --unpacked)` };
  const builtAtMs = Math.min(...outputs.map(modifiedMs));
  const newer = BUILD_INPUTS.flatMap((input) => filesUnder(path.join(REPO_ROOT, input))).find(
    (file) => modifiedMs(file) > builtAtMs,
  );
  return newer === undefined
    ? { fresh: true }
    : { fresh: false, reason: `${path.relative(REPO_ROOT, newer)} changed after the last build` };
}

/**
 * Runs the build (`scripts/build/main.ts` with `buildArgs`) when the output is missing or stale;
 * resolves when it is fresh. A child process, so the build's memory and errors stay its own.
 */
export async function ensureComponentBuild(
  log: (line: string) => void,
  buildArgs: readonly string[] = [],
): Promise<void> {
  const state = componentBuildState();
  if (state.fresh) return;
  log(`building the components (${state.reason})...`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build/main.ts', ...buildArgs], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    output += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    output += text;
  });
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0) throw new Error(`npm run build failed (exit ${code}):\n${output}`);
  log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
