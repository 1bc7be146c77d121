// The real build output (`npm run build` -> greengrass-build/) for tests that deploy it. Built
// once per test run by the global setup when it is missing or older than any of its inputs;
// tests check the same freshness and fail (never skip) when it does not hold.
export {
  BUILD_DIR,
  COMPONENT_BUILD_ARGS,
  componentBuildState,
  ensureComponentBuild,
  REPO_ROOT,
} from '../../scripts/build/freshness.ts';

/** Tests that need the build; the global setup builds only for runs that may include them. */
export const BUILD_USER_TESTS = [
  'test/core/real-build.test.ts',
  'test/core/real-build-nuclei.test.ts',
  'test/core/model-component-swap.test.ts',
  'test/reliability/classifier-killed.test.ts',
  'test/e2e/npm-start.test.ts',
  'test/packaging/artifact-self-contained.test.ts',
];

/** Whether a vitest run with these command-line filters may include a test that deploys the build. */
export function runMayNeedBuild(argv: readonly string[]): boolean {
  const runAt = argv.findIndex((arg) => arg === 'run' || arg === 'watch' || arg === 'dev');
  const filters = argv.slice(runAt + 1).filter((arg) => !arg.startsWith('-'));
  return (
    filters.length === 0 || filters.some((filter) => BUILD_USER_TESTS.some((test) => test.includes(filter)))
  );
}
