// @ts-check
// Runs a command-line tool as bundled JavaScript instead of TypeScript through a loader: tsx
// transforms every module at each start, which is most of a one-photo `npm run classify`
// (measured: 0.75 s with `node --import tsx`, 0.38 s bundled, same machine). The bundle is
// rebuilt with esbuild when any source is newer than it. Plain JavaScript on purpose: it must
// start without the loader it replaces.
//   node scripts/launch/run-built.mjs classify [args...]
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const PROJECT_ROOT = path.resolve(import.meta.dirname, '..', '..');
/**
 * Bundles at the top of `.run/`, one level below the project root like their sources in
 * scripts/, so `new URL('../models/', import.meta.url)` still names the project's models; the
 * inference worker sits at `inference/worker.js` beside its entry, where defaultWorkerUrl()
 * looks for it in a bundle.
 */
const OUT_DIR = path.join(PROJECT_ROOT, '.run');
const TOOLS = {
  classify: {
    classify: 'scripts/classify.ts',
    'inference/worker': 'components/classifier/inference/worker.ts',
  },
};
const SOURCE_FOLDERS = ['common', 'components', 'scripts'];

/** @param {string} folder */
function newestSourceMs(folder) {
  let newest = 0;
  for (const entry of readdirSync(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts'))
      newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** @param {string} file */
const modifiedMs = (file) => {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return -1;
  }
};

const [tool, ...args] = process.argv.slice(2);
const entries = tool === undefined ? undefined : TOOLS[/** @type {keyof typeof TOOLS} */ (tool)];
if (!entries) {
  process.stderr.write(
    `run-built: unknown tool ${tool ?? '(none)'}; known: ${Object.keys(TOOLS).join(', ')}\n`,
  );
  process.exit(2);
}
const outputs = Object.keys(entries).map((name) => path.join(OUT_DIR, `${name}.js`));
const builtMs = Math.min(...outputs.map(modifiedMs));
const sourcesMs = Math.max(
  modifiedMs(path.join(PROJECT_ROOT, 'package-lock.json')),
  ...SOURCE_FOLDERS.map((folder) => newestSourceMs(path.join(PROJECT_ROOT, folder))),
);
if (builtMs < sourcesMs) {
  mkdirSync(OUT_DIR, { recursive: true });
  const { build } = await import('esbuild');
  await build({
    entryPoints: Object.fromEntries(
      Object.entries(entries).map(([name, source]) => [name, path.join(PROJECT_ROOT, source)]),
    ),
    outdir: OUT_DIR,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Dependencies load from node_modules as they are (native addons among them).
    packages: 'external',
    logLevel: 'warning',
  });
}
// `npm run` starts scripts in the project's folder and keeps the user's own in INIT_CWD
// (https://docs.npmjs.com/cli/commands/npm-run-script): paths the user gives are theirs.
if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
// The tool reads its own arguments from process.argv.slice(2).
process.argv.splice(2, process.argv.length - 2, ...args);
process.argv[1] = path.join(OUT_DIR, `${tool}.js`);
await import(pathToFileURL(process.argv[1]).href);
