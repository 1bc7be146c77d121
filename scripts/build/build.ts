// The build, start to finish, for any table of components (the real one in components.ts,
// fixtures in tests):
//   1. bundle each component's entry points (architecture-independent);
//   2. per target, resolve the external packages' runtime closure from package-lock.json and
//      locate every package's files (optional targets are dropped when a package is not
//      available without the network);
//   3. per component and target: stage, verify (imports resolve inside, binaries match),
//      zip into <outDir>/artifacts/<name>/<version>/;
//   4. render and check each recipe into <outDir>/recipes/<name>-<version>.yaml.

import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { bundleComponent } from './bundle.ts';
import type { ComponentBuildSpec } from './components.ts';
import { BuildError } from './errors.ts';
import {
  type LockedPackage,
  type Lockfile,
  LockfileError,
  parseLockfile,
  resolveClosure,
} from './lockfile.ts';
import { type NodeRuntimeSpec, stageNodeRuntime } from './node-runtime.ts';
import {
  makeOwnedFolder,
  partialPrefix,
  removeAbandonedFolders,
  removeOwnedFolder,
  replaceFolder,
} from './output-folder.ts';
import { runtimeUnusedDependencies } from './package-rules.ts';
import { locatePackage, type NetworkUse } from './package-source.ts';
import {
  builtRecipeFileName,
  parseRecipe,
  type RecipeIdentity,
  recipeIdentity,
  renderBuiltRecipe,
  serializeRecipe,
} from './recipe.ts';
import { checkRecipe } from './recipe-check.ts';
import { type LocatedPackage, stageArtifact } from './stage.ts';
import { artifactFileName, type Target } from './targets.ts';
import { verifyStage } from './verify-stage.ts';
import { zipFolder } from './zip.ts';

export interface TargetRequest {
  readonly target: Target;
  /** Required targets may use the network and fail the build; optional ones are skipped. */
  readonly required: boolean;
}

export interface BuildOptions {
  readonly projectRoot: string;
  readonly components: readonly ComponentBuildSpec[];
  readonly targets: readonly TargetRequest[];
  readonly outDir: string;
  readonly cacheDir: string;
  /** `never` forbids the registry even for required targets. */
  readonly network: NetworkUse;
  readonly log: (line: string) => void;
  /** Keep the staged folders (printed) instead of deleting them. */
  readonly keepStage?: boolean;
  /** Also build the Node.js runtime component the apps run on (node-runtime.ts). */
  readonly runtime?: NodeRuntimeSpec;
  /**
   * Also write each zip's content, unpacked, to `<outDir>/artifacts-unpacked/<name>/<version>/<zip
   * base name>/`: nucleus lite's local deployments copy artifacts but never unarchive them.
   */
  readonly unpacked?: boolean;
}

export interface BuiltArtifact {
  readonly target: Target;
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly entries: number;
  readonly nativeBinaries: number;
}

export interface BuiltComponent extends RecipeIdentity {
  readonly recipeFile: string;
  readonly artifacts: readonly BuiltArtifact[];
  readonly omittedManifests: readonly string[];
}

interface Prepared {
  readonly spec: ComponentBuildSpec;
  readonly identity: RecipeIdentity;
  readonly recipe: Readonly<Record<string, unknown>>;
  readonly bundleDir: string;
  readonly bundleFiles: readonly string[];
  readonly externalPackages: readonly string[];
}

/** The build stages outside the project so nothing resolves from the project's node_modules. */
function assertNoNodeModulesAbove(dir: string): void {
  for (let current = dir; ; current = dirname(current)) {
    if (existsSync(join(current, 'node_modules'))) {
      throw new BuildError(
        'USAGE',
        `${current}/node_modules exists above the staging folder ${dir}; set TMPDIR elsewhere`,
      );
    }
    if (dirname(current) === current) return;
  }
}

async function sha256(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

async function prepare(spec: ComponentBuildSpec, options: BuildOptions, workDir: string): Promise<Prepared> {
  const text = await readFile(join(options.projectRoot, spec.recipe), 'utf8');
  const recipe = parseRecipe(text, spec.recipe);
  const identity = recipeIdentity(recipe, spec.recipe);
  const bundleDir = join(workDir, identity.name, 'bundle');
  const bundle = await bundleComponent(spec, options.projectRoot, bundleDir);
  options.log(
    `${identity.name}: bundled ${bundle.files.join(', ')} (external: ${bundle.externalPackages.join(', ')})`,
  );
  return {
    spec,
    identity,
    recipe,
    bundleDir,
    bundleFiles: bundle.files,
    externalPackages: bundle.externalPackages,
  };
}

function closureFor(lock: Lockfile, roots: readonly string[], target: Target): LockedPackage[] {
  try {
    return resolveClosure(lock, roots, target, { runtimeUnusedDependencies });
  } catch (error) {
    if (error instanceof LockfileError) throw new BuildError('LOCKFILE', error.message, { cause: error });
    throw error;
  }
}

/** Locates every package of every component for `request`, or undefined if an optional target cannot be served. */
async function locateAll(
  request: TargetRequest,
  prepared: readonly Prepared[],
  lock: Lockfile,
  options: BuildOptions,
): Promise<Map<string, LocatedPackage[]> | undefined> {
  const network: NetworkUse = request.required ? options.network : 'never';
  const located = new Map<string, LocatedPackage[]>();
  for (const component of prepared) {
    const packages: LocatedPackage[] = [];
    for (const pkg of closureFor(lock, component.externalPackages, request.target)) {
      try {
        const { dir } = await locatePackage(pkg, {
          projectRoot: options.projectRoot,
          cacheDir: options.cacheDir,
          network,
        });
        packages.push({ pkg, dir });
      } catch (error) {
        if (request.required || !(error instanceof BuildError) || error.code !== 'PACKAGE_UNAVAILABLE')
          throw error;
        options.log(
          `skipping ${request.target.id}: ${pkg.name}@${pkg.version} is not available offline ` +
            `(build it explicitly with --arch ${request.target.cpu} while the npm registry is reachable)`,
        );
        return undefined;
      }
    }
    located.set(component.identity.name, packages);
  }
  const runtimePackage = options.runtime?.packages[request.target.id];
  if (options.runtime !== undefined && runtimePackage !== undefined) {
    try {
      await locatePackage(
        {
          name: runtimePackage.name,
          version: options.runtime.nodeVersion,
          path: join('node_modules', runtimePackage.name),
          integrity: runtimePackage.integrity,
        },
        { projectRoot: options.projectRoot, cacheDir: options.cacheDir, network },
      );
    } catch (error) {
      if (request.required || !(error instanceof BuildError) || error.code !== 'PACKAGE_UNAVAILABLE')
        throw error;
      options.log(
        `skipping ${request.target.id}: ${runtimePackage.name}@${options.runtime.nodeVersion} is not available offline`,
      );
      return undefined;
    }
  }
  return located;
}

async function buildArtifact(
  component: Prepared,
  target: Target,
  packages: readonly LocatedPackage[],
  options: BuildOptions,
  workDir: string,
): Promise<BuiltArtifact> {
  const { identity } = component;
  const stageDir = join(workDir, identity.name, target.id);
  await stageArtifact({
    projectRoot: options.projectRoot,
    spec: component.spec,
    componentName: identity.name,
    componentVersion: identity.version,
    target,
    bundleDir: component.bundleDir,
    bundleFiles: component.bundleFiles,
    packages,
    stageDir,
  });
  const { nativeBinaries } = await verifyStage(
    stageDir,
    component.bundleFiles,
    target,
    packages.map(({ pkg }) => pkg),
  );
  return zipArtifact(identity, component.spec.artifactBaseName, target, stageDir, nativeBinaries, options);
}

async function zipArtifact(
  identity: RecipeIdentity,
  artifactBaseName: string,
  target: Target,
  stageDir: string,
  nativeBinaries: number,
  options: BuildOptions,
): Promise<BuiltArtifact> {
  const artifactDir = join(options.outDir, 'artifacts', identity.name, identity.version);
  await mkdir(artifactDir, { recursive: true });
  const file = join(artifactDir, artifactFileName(artifactBaseName, target));
  const { entries } = await zipFolder(stageDir, file);
  if (options.unpacked === true) {
    const unpackedDir = join(options.outDir, UNPACKED_FOLDER, identity.name, identity.version);
    await cp(stageDir, join(unpackedDir, basename(file, '.zip')), { recursive: true });
  }
  const built = {
    target,
    file,
    bytes: (await stat(file)).size,
    sha256: await sha256(file),
    entries,
    nativeBinaries,
  };
  const megabytes = (built.bytes / 1024 / 1024).toFixed(1);
  options.log(
    `${identity.name}: ${relative(options.outDir, file)} ${megabytes} MiB, ${entries} entries, ${nativeBinaries} native binaries`,
  );
  if (options.keepStage === true) options.log(`  staged in ${stageDir}`);
  return built;
}

async function buildRuntime(
  spec: NodeRuntimeSpec,
  targets: readonly Target[],
  options: BuildOptions,
  workDir: string,
): Promise<BuiltComponent> {
  const recipe = parseRecipe(await readFile(join(options.projectRoot, spec.recipe), 'utf8'), spec.recipe);
  const identity = recipeIdentity(recipe, spec.recipe);
  if (identity.version !== spec.nodeVersion) {
    throw new BuildError(
      'RECIPE_INVALID',
      `${spec.recipe}: ComponentVersion ${identity.version} must be the Node.js version it carries (${spec.nodeVersion})`,
    );
  }
  const artifacts: BuiltArtifact[] = [];
  for (const target of targets) {
    const stageDir = join(workDir, identity.name, target.id);
    await stageNodeRuntime({
      spec,
      target,
      projectRoot: options.projectRoot,
      cacheDir: options.cacheDir,
      network: options.network,
      stageDir,
    });
    artifacts.push(await zipArtifact(identity, spec.artifactBaseName, target, stageDir, 1, options));
  }
  const { recipeFile, omittedManifests } = await writeRecipe(
    { spec: { recipe: spec.recipe }, identity, recipe },
    artifacts,
    options,
  );
  return { ...identity, recipeFile, artifacts, omittedManifests };
}

async function writeRecipe(
  component: Pick<Prepared, 'identity' | 'recipe'> & { spec: { recipe: string } },
  artifacts: readonly BuiltArtifact[],
  options: BuildOptions,
) {
  const built = new Set(artifacts.map((artifact) => basename(artifact.file)));
  const rendered = renderBuiltRecipe(component.recipe, built, component.spec.recipe);
  const text = serializeRecipe(rendered.recipe);
  const problems = checkRecipe(text);
  if (problems.length > 0) {
    const lines = problems.map((problem) => `${problem.path || '/'}: ${problem.message}`);
    throw new BuildError('RECIPE_INVALID', `${component.spec.recipe}:\n  ${lines.join('\n  ')}`);
  }
  const recipeFile = join(options.outDir, 'recipes', builtRecipeFileName(component.identity));
  await mkdir(dirname(recipeFile), { recursive: true });
  await writeFile(recipeFile, text);
  if (rendered.omittedManifests.length > 0) {
    options.log(
      `${component.identity.name}: recipe without manifest(s) ${rendered.omittedManifests.join(', ')} (not built)`,
    );
  }
  return { recipeFile, omittedManifests: rendered.omittedManifests };
}

/** Where `unpacked` builds put the zips' content (nucleus lite local deployments). */
export const UNPACKED_FOLDER = 'artifacts-unpacked';

/** Temp work folders: `<tmpdir>/gg-build-<pid>-XXXXXX` (output-folder.ts). */
const WORK_FOLDER_PREFIX = 'gg-build-';

/**
 * Builds into a hidden sibling folder and swaps it in for `outDir` only when everything
 * succeeded: `outDir` keeps the previous good build until then, and a failed or interrupted
 * build leaves nothing behind (output-folder.ts).
 */
export async function buildComponents(options: BuildOptions): Promise<BuiltComponent[]> {
  const finalOutDir = options.outDir;
  const parent = dirname(finalOutDir);
  const prefix = partialPrefix(finalOutDir);
  for (const dir of [
    ...(await removeAbandonedFolders(parent, prefix)),
    ...(await removeAbandonedFolders(tmpdir(), WORK_FOLDER_PREFIX)),
  ])
    options.log(`removed ${dir}, left by an interrupted build`);
  const partialOutDir = await makeOwnedFolder(parent, prefix);
  try {
    const built = await buildInto({ ...options, outDir: partialOutDir });
    await replaceFolder(partialOutDir, finalOutDir);
    const moved = (file: string) => join(finalOutDir, relative(partialOutDir, file));
    return built.map((component) => ({
      ...component,
      recipeFile: moved(component.recipeFile),
      artifacts: component.artifacts.map((artifact) => ({ ...artifact, file: moved(artifact.file) })),
    }));
  } finally {
    await removeOwnedFolder(partialOutDir);
  }
}

async function buildInto(options: BuildOptions): Promise<BuiltComponent[]> {
  const lock = parseLockfile(await readFile(join(options.projectRoot, 'package-lock.json'), 'utf8'));
  const workDir = await makeOwnedFolder(tmpdir(), WORK_FOLDER_PREFIX);
  try {
    assertNoNodeModulesAbove(workDir);
    const prepared: Prepared[] = [];
    for (const spec of options.components) prepared.push(await prepare(spec, options, workDir));
    const plan: { target: Target; located: Map<string, LocatedPackage[]> }[] = [];
    for (const request of options.targets) {
      const located = await locateAll(request, prepared, lock, options);
      if (located !== undefined) plan.push({ target: request.target, located });
    }
    if (plan.length === 0) throw new BuildError('NO_TARGET', 'no target platform can be built');
    const results: BuiltComponent[] = [];
    if (options.runtime !== undefined) {
      results.push(
        await buildRuntime(
          options.runtime,
          plan.map(({ target }) => target),
          options,
          workDir,
        ),
      );
    }
    for (const component of prepared) {
      const artifacts: BuiltArtifact[] = [];
      for (const { target, located } of plan) {
        const packages = located.get(component.identity.name) ?? [];
        artifacts.push(await buildArtifact(component, target, packages, options, workDir));
      }
      const { recipeFile, omittedManifests } = await writeRecipe(component, artifacts, options);
      results.push({ ...component.identity, recipeFile, artifacts, omittedManifests });
    }
    return results;
  } finally {
    if (options.keepStage !== true) await removeOwnedFolder(workDir);
  }
}
