// Lays out one artifact in a staging folder, exactly as it will be unpacked on the device:
//   package.json            {"type": "module"} so Node loads the .js bundles as ESM
//   main.js, inference/...  the bundle
//   models/..., images/...  the component's copy rules
//   node_modules/...        the external packages and their runtime closure, pruned to the
//                           target, at the same install paths npm used (so Node resolves them
//                           the same way)

import { copyFile, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { ComponentBuildSpec, CopyRule } from './components.ts';
import { BuildError } from './errors.ts';
import type { LockedPackage } from './lockfile.ts';
import { shipsFile } from './package-rules.ts';
import type { Target } from './targets.ts';

export interface LocatedPackage {
  readonly pkg: LockedPackage;
  /** Folder holding the package's files. */
  readonly dir: string;
}

export interface StageInput {
  readonly projectRoot: string;
  readonly spec: ComponentBuildSpec;
  readonly componentName: string;
  readonly componentVersion: string;
  readonly target: Target;
  readonly bundleDir: string;
  readonly bundleFiles: readonly string[];
  readonly packages: readonly LocatedPackage[];
  readonly stageDir: string;
}

function globToRegExp(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

async function copyInto(source: string, destination: string): Promise<void> {
  await mkdir(dirname(destination), { recursive: true });
  await copyFile(source, destination);
}

async function applyCopyRule(projectRoot: string, rule: CopyRule, stageDir: string): Promise<number> {
  const from = resolve(projectRoot, rule.from);
  let names: string[];
  try {
    const entries = await readdir(from, { withFileTypes: true });
    names = entries.filter((entry) => entry.isFile() || entry.isSymbolicLink()).map((entry) => entry.name);
  } catch (error) {
    throw new BuildError('COPY_SOURCE_MISSING', `folder ${rule.from} is missing (run \`npm run assets\`?)`, {
      cause: error,
    });
  }
  const chosen = new Set<string>();
  for (const pattern of rule.include) {
    const matcher = globToRegExp(pattern);
    const matches = names.filter((name) => matcher.test(name));
    if (matches.length === 0) {
      throw new BuildError(
        'COPY_SOURCE_MISSING',
        `no file in ${rule.from} matches '${pattern}' (run \`npm run assets\` to fetch the model and photos?)`,
      );
    }
    for (const name of matches) chosen.add(name);
  }
  for (const name of [...chosen].sort()) await copyInto(join(from, name), join(stageDir, rule.to, name));
  return chosen.size;
}

/** Package-relative file paths (POSIX), not descending into nested node_modules (separate packages). */
async function listPackageFiles(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(join(dir, prefix), { withFileTypes: true })) {
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    const isDirectory =
      entry.isDirectory() || (entry.isSymbolicLink() && (await stat(join(dir, path))).isDirectory());
    if (isDirectory) {
      if (entry.name !== 'node_modules') files.push(...(await listPackageFiles(dir, path)));
    } else {
      files.push(path);
    }
  }
  return files;
}

export async function stageArtifact(input: StageInput): Promise<void> {
  const { stageDir, target } = input;
  await rm(stageDir, { recursive: true, force: true });
  await mkdir(stageDir, { recursive: true });
  const manifest = {
    name: input.componentName,
    version: input.componentVersion,
    private: true,
    type: 'module',
    description: `${input.componentName} ${input.componentVersion} for ${target.id}, built by scripts/build`,
  };
  await writeFile(join(stageDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const file of input.bundleFiles) await copyInto(join(input.bundleDir, file), join(stageDir, file));
  for (const rule of input.spec.copy) await applyCopyRule(input.projectRoot, rule, stageDir);
  for (const { pkg, dir } of input.packages) {
    for (const file of await listPackageFiles(dir)) {
      if (shipsFile(pkg.name, file, target)) await copyInto(join(dir, file), join(stageDir, pkg.path, file));
    }
  }
}
