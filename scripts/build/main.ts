// `npm run build` (also gdk's custom build command, see gdk-config.json): builds both
// components into greengrass-build/ (docs/packaging.md explains the layout and choices).
//
//   npm run build -- [--arch auto|host|x64|arm64|all] [--offline] [--out DIR] [--keep-stage]

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { fetchAllAssets } from '../assets/fetch-assets.ts';
import { buildComponents, type TargetRequest } from './build.ts';
import { COMPONENTS } from './components.ts';
import { BuildError } from './errors.ts';
import { NODE_RUNTIME } from './node-runtime.ts';
import { findTarget, hostTarget, TARGETS } from './targets.ts';

const USAGE = `Usage: npm run build -- [options]

Builds com.custom.ImageClassifier, com.custom.requester and com.custom.NodeRuntime (the
Node.js both run on) into greengrass-build/:
  recipes/<name>-<version>.yaml and artifacts/<name>/<version>/<base>-linux-<arch>.zip

Options:
  --arch auto     this machine's platform, plus every other one whose packages are
                  available without the network (default)
  --arch host     only this machine's platform
  --arch x64|arm64|all
                  exactly these platforms; missing prebuilt packages are fetched with
                  npm pack (npm cache first, then the registry)
  --offline       never use the registry (npm cache and node_modules only)
  --out DIR       output folder (default: greengrass-build)
  --unpacked      also write artifacts-unpacked/<name>/<version>/<base>-linux-<arch>/: the
                  zips' content, for nucleus lite's local deployments (ggl-cli deploy
                  --artifacts-dir), which do not unarchive
  --keep-stage    keep the unpacked staging folders and print where they are
  -h, --help      show this help`;

function targetRequests(arch: string): TargetRequest[] {
  const host = hostTarget(process.platform, process.arch);
  switch (arch) {
    case 'auto':
      return TARGETS.map((target) => ({ target, required: target === host }));
    case 'host':
      if (host === undefined) {
        throw new BuildError(
          'USAGE',
          `this machine (${process.platform}-${process.arch}) is not a target; use --arch x64|arm64|all`,
        );
      }
      return [{ target: host, required: true }];
    case 'all':
      return TARGETS.map((target) => ({ target, required: true }));
    default: {
      const target = findTarget(arch);
      if (target === undefined) {
        throw new BuildError('USAGE', `unknown --arch '${arch}'; use auto, host, x64, arm64 or all`);
      }
      return [{ target, required: true }];
    }
  }
}

/** The model, labels and sample photos the zips carry: fetched as `npm run assets` does. */
async function ensureAssets(projectRoot: string): Promise<void> {
  const { failures } = await fetchAllAssets({
    cardsDir: resolve(projectRoot, 'models'),
    mirrorDir: process.env.ASSET_MIRROR || undefined,
    log: (line) => console.log(line),
  });
  if (failures.length > 0) throw new BuildError('ASSETS_UNAVAILABLE', failures.join('\n'));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      arch: { type: 'string', default: 'auto' },
      offline: { type: 'boolean', default: false },
      out: { type: 'string', default: 'greengrass-build' },
      'keep-stage': { type: 'boolean', default: false },
      unpacked: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
  const started = performance.now();
  await ensureAssets(projectRoot);
  const built = await buildComponents({
    projectRoot,
    components: COMPONENTS,
    targets: targetRequests(values.arch),
    outDir: resolve(projectRoot, values.out),
    cacheDir: resolve(projectRoot, 'node_modules', '.cache', 'gg-build', 'packages'),
    network: values.offline ? 'never' : 'allowed',
    log: (line) => console.log(line),
    keepStage: values['keep-stage'],
    unpacked: values.unpacked,
    runtime: NODE_RUNTIME,
  });
  console.log(`built in ${((performance.now() - started) / 1000).toFixed(1)} s:`);
  for (const component of built) {
    console.log(`  ${component.recipeFile}`);
    for (const artifact of component.artifacts) {
      console.log(`  ${artifact.file} (${(artifact.bytes / 1024 / 1024).toFixed(1)} MiB)`);
    }
  }
}

main().catch((error: unknown) => {
  if (error instanceof BuildError) {
    console.error(`build failed [${error.code}]: ${error.message}`);
    if (process.env.DEBUG !== undefined && error.cause !== undefined) console.error(error.cause);
  } else if (error instanceof Error && 'code' in error && error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    console.error(`build failed [USAGE]: ${error.message}\n\n${USAGE}`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
