// Where the files of one locked package come from: the project's node_modules when npm
// installed it there (the host platform), else a local cache filled by `npm pack` from the
// npm cache or the registry (another platform's prebuilt packages, e.g. sharp's
// @img/sharp-linux-arm64 on an x64 machine, which `npm ci` never installs). Every packed
// tarball must carry the integrity that package-lock.json records.

import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { BuildError } from './errors.ts';
import type { LockedPackage } from './lockfile.ts';

const run = promisify(execFile);

/** `never`: only node_modules and the npm cache (`npm pack --offline`); `allowed`: the registry too. */
export type NetworkUse = 'never' | 'allowed';

export interface PackageSourceOptions {
  readonly projectRoot: string;
  /** Folder holding unpacked packages, one `<name>@<version>` folder each. */
  readonly cacheDir: string;
  readonly network: NetworkUse;
}

export interface PackageLocation {
  readonly dir: string;
  readonly origin: 'node_modules' | 'cache';
}

// Cache layout: <cacheDir>/<name>@<version>/package/ (the files) and .../integrity.
const INTEGRITY_FILE = 'integrity';
const FILES_FOLDER = 'package';
const NPM_PACK_TIMEOUT_MS = 120_000;

async function readVersion(dir: string): Promise<string | undefined> {
  try {
    const manifest: unknown = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8'));
    return typeof manifest === 'object' && manifest !== null && 'version' in manifest
      ? String(manifest.version)
      : undefined;
  } catch {
    return undefined;
  }
}

async function readMarker(dir: string): Promise<string | undefined> {
  try {
    return (await readFile(join(dir, INTEGRITY_FILE), 'utf8')).trim();
  } catch {
    return undefined;
  }
}

function cacheFolderName(pkg: LockedPackage): string {
  return `${pkg.name.replace('/', '+')}@${pkg.version}`;
}

interface PackResult {
  readonly filename: string;
  readonly integrity: string;
}

function parsePackOutput(stdout: string): PackResult {
  const parsed: unknown = JSON.parse(stdout);
  const first: unknown = Array.isArray(parsed) ? parsed[0] : undefined;
  if (typeof first !== 'object' || first === null || !('filename' in first) || !('integrity' in first)) {
    throw new Error(`unexpected npm pack output: ${stdout.slice(0, 200)}`);
  }
  return { filename: String(first.filename), integrity: String(first.integrity) };
}

async function packIntoCache(pkg: LockedPackage, options: PackageSourceOptions): Promise<string> {
  const target = join(options.cacheDir, cacheFolderName(pkg));
  await mkdir(options.cacheDir, { recursive: true });
  const work = await mkdtemp(join(options.cacheDir, '.pack-'));
  try {
    const mode = options.network === 'never' ? '--offline' : '--prefer-offline';
    const spec = `${pkg.name}@${pkg.version}`;
    let packed: PackResult;
    try {
      const { stdout } = await run('npm', ['pack', spec, '--json', '--pack-destination', work, mode], {
        cwd: options.projectRoot,
        timeout: NPM_PACK_TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
      });
      packed = parsePackOutput(stdout);
    } catch (error) {
      const how =
        options.network === 'never'
          ? 'it is not in node_modules nor in the npm cache, and this build may not use the network'
          : 'npm pack could not fetch it from the npm cache or the registry';
      throw new BuildError(
        'PACKAGE_UNAVAILABLE',
        `${spec} is needed for this target but ${how}. Run the build once with registry access ` +
          `(npm run build -- --arch <arch>) to cache it, or build only for this machine (--arch host).`,
        { cause: error },
      );
    }
    if (pkg.integrity !== undefined && packed.integrity !== pkg.integrity) {
      throw new BuildError(
        'INTEGRITY_MISMATCH',
        `${spec}: npm pack gave integrity ${packed.integrity}, package-lock.json records ${pkg.integrity}`,
      );
    }
    const entry = join(work, 'entry');
    const files = join(entry, FILES_FOLDER);
    await mkdir(files, { recursive: true });
    await run('tar', ['-xzf', join(work, packed.filename), '-C', files, '--strip-components=1']);
    await writeFile(join(entry, INTEGRITY_FILE), `${packed.integrity}\n`);
    await rm(target, { recursive: true, force: true });
    await rename(entry, target);
    return join(target, FILES_FOLDER);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** The folder holding `pkg` exactly as locked, fetching it into the cache if needed. */
export async function locatePackage(
  pkg: LockedPackage,
  options: PackageSourceOptions,
): Promise<PackageLocation> {
  const installed = join(options.projectRoot, pkg.path);
  if ((await readVersion(installed)) === pkg.version) return { dir: installed, origin: 'node_modules' };
  const cached = join(options.cacheDir, cacheFolderName(pkg));
  const marker = await readMarker(cached);
  if (marker !== undefined && (pkg.integrity === undefined || marker === pkg.integrity)) {
    return { dir: join(cached, FILES_FOLDER), origin: 'cache' };
  }
  return { dir: await packIntoCache(pkg, options), origin: 'cache' };
}
