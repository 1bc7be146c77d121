// The real build output (`npm run build` -> greengrass-build/) for tests that deploy it. Built
// once per test run by the global setup when it is missing or older than any of its inputs;
// tests check the same freshness and fail (never skip) when it does not hold.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const BUILD_DIR = path.join(REPO_ROOT, 'greengrass-build');
/** What the build reads: sources, recipes, the build itself, the lockfile, model cards and files. */
const BUILD_INPUTS = ['components', 'recipes', 'scripts/build', 'package-lock.json', 'models'];
/** The test that needs the build; the global setup builds only for runs that may include it. */
export const BUILD_USER_TEST = 'test/core/real-build.test.ts';

export type BuildState = { readonly fresh: true } | { readonly fresh: false; readonly reason: string };

function filesUnder(entry: string): string[] {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (stat === undefined) return [];
  if (!stat.isDirectory()) return [entry];
  return fs
    .readdirSync(entry, { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(entry, name))
    .filter((file) => !file.includes(`${path.sep}node_modules${path.sep}`) && fs.statSync(file).isFile());
}

export function componentBuildState(): BuildState {
  const outputs = [
    ...filesUnder(path.join(BUILD_DIR, 'recipes')),
    ...filesUnder(path.join(BUILD_DIR, 'artifacts')).filter((file) => file.endsWith('.zip')),
  ];
  if (outputs.length === 0) return { fresh: false, reason: `${BUILD_DIR} is missing or empty` };
  const builtAtMs = Math.min(...outputs.map((file) => fs.statSync(file).mtimeMs));
  const newer = BUILD_INPUTS.flatMap((input) => filesUnder(path.join(REPO_ROOT, input))).find(
    (file) => fs.statSync(file).mtimeMs > builtAtMs,
  );
  return newer === undefined
    ? { fresh: true }
    : { fresh: false, reason: `${path.relative(REPO_ROOT, newer)} changed after the last build` };
}

/** Whether a vitest run with these command-line filters may include the test that deploys the build. */
export function runMayNeedBuild(argv: readonly string[]): boolean {
  const runAt = argv.findIndex((arg) => arg === 'run' || arg === 'watch' || arg === 'dev');
  const filters = argv.slice(runAt + 1).filter((arg) => !arg.startsWith('-'));
  return filters.length === 0 || filters.some((filter) => BUILD_USER_TEST.includes(filter));
}

/** Runs `npm run build`'s script when the output is missing or stale; resolves when it is fresh. */
export async function ensureComponentBuild(log: (line: string) => void): Promise<void> {
  const state = componentBuildState();
  if (state.fresh) return;
  log(`building the components for the local core tests (${state.reason})...`);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/build/main.ts'], {
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
