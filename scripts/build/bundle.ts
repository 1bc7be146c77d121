// Bundles one component's entry points with esbuild: ESM for Node 20, every dependency
// inlined except the packages that load native binaries relative to their own folder,
// which ship beside the bundle in node_modules/ (see package-rules.ts). Entry points keep
// their path under the component's source root, so `inference/worker.ts` becomes
// `inference/worker.js` next to `main.js`.

import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { build } from 'esbuild';
import type { ComponentBuildSpec } from './components.ts';
import { BuildError } from './errors.ts';

/** Packages kept out of the bundle: they locate their .node/.so files from their own path. */
export const EXTERNAL_PACKAGES: readonly string[] = [
  'onnxruntime-node',
  'sharp',
  'aws-iot-device-sdk-v2',
  'aws-crt',
];

// Bundled CommonJS code may call require() or read __dirname; ESM has neither, so the bundle
// defines them (esbuild documents this pattern for ESM output on Node).
const ESM_REQUIRE_SHIM = [
  "import { createRequire as __ggCreateRequire } from 'node:module';",
  "import { fileURLToPath as __ggFileURLToPath } from 'node:url';",
  "import { dirname as __ggDirname } from 'node:path';",
  'const require = __ggCreateRequire(import.meta.url);',
  'const __filename = __ggFileURLToPath(import.meta.url);',
  'const __dirname = __ggDirname(__filename);',
].join('\n');

export interface BundleResult {
  /** Output files relative to `outDir`, sorted. */
  readonly files: readonly string[];
  /** The external packages the bundle imports. */
  readonly externalPackages: readonly string[];
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

export async function bundleComponent(
  spec: ComponentBuildSpec,
  projectRoot: string,
  outDir: string,
): Promise<BundleResult> {
  const entryPoints = spec.entryPoints.map((entry) => join(projectRoot, entry));
  const missing = spec.entryPoints.filter((_, index) => !existsSync(entryPoints[index] ?? ''));
  if (missing.length > 0) {
    throw new BuildError('ENTRY_MISSING', `${spec.recipe}: entry point(s) not found: ${missing.join(', ')}`);
  }
  const result = await build({
    entryPoints,
    outbase: join(projectRoot, spec.sourceRoot),
    outdir: outDir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outExtension: { '.js': '.js' },
    external: [...EXTERNAL_PACKAGES, ...EXTERNAL_PACKAGES.map((name) => `${name}/*`)],
    banner: { js: ESM_REQUIRE_SHIM },
    sourcemap: false,
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: projectRoot,
  }).catch((error: unknown) => {
    throw new BuildError('BUNDLE_FAILED', `${spec.recipe}: esbuild failed: ${String(error)}`, {
      cause: error,
    });
  });
  const externals = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const imported of output.imports) {
      const name = packageOf(imported.path);
      if (imported.external && EXTERNAL_PACKAGES.includes(name)) externals.add(name);
    }
  }
  const files = Object.keys(result.metafile.outputs)
    .map((file) => relative(outDir, join(projectRoot, file)).split('\\').join('/'))
    .sort();
  return { files, externalPackages: [...externals].sort() };
}
