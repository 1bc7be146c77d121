// The runtime dependency closure of the external (native) packages, computed from
// package-lock.json alone. The lockfile (v2/v3 `packages` map) records every package npm
// could install, including the optional prebuilt packages of other platforms that `npm ci`
// skips on this machine, with their install path, version, integrity and os/cpu/libc fields.
// So the closure for any target is known here even when its files are not installed.
// Pure: no I/O.

import { z } from 'zod';
import { CodedError } from '../../common/coded-error.ts';
import type { Target } from './targets.ts';

const lockEntrySchema = z.looseObject({
  version: z.string().optional(),
  resolved: z.string().optional(),
  integrity: z.string().optional(),
  link: z.boolean().optional(),
  dev: z.boolean().optional(),
  optional: z.boolean().optional(),
  dependencies: z.record(z.string(), z.string()).optional(),
  optionalDependencies: z.record(z.string(), z.string()).optional(),
  os: z.array(z.string()).optional(),
  cpu: z.array(z.string()).optional(),
  libc: z.array(z.string()).optional(),
});

const lockfileSchema = z.looseObject({
  lockfileVersion: z.number().int().min(2),
  packages: z.record(z.string(), lockEntrySchema),
});

export type LockEntry = z.infer<typeof lockEntrySchema>;
export type Lockfile = z.infer<typeof lockfileSchema>;

/** One package of the closure, where npm installs it (`node_modules/a/node_modules/b`). */
export interface LockedPackage {
  readonly name: string;
  readonly version: string;
  /** Install path relative to the project root; the same path inside the artifact. */
  readonly path: string;
  readonly integrity: string | undefined;
}

/** package-lock.json cannot serve the target; the build reports it as BuildError LOCKFILE. */
export class LockfileError extends CodedError<'LOCKFILE'> {
  constructor(message: string) {
    super('LOCKFILE', message);
  }
}

export function parseLockfile(text: string): Lockfile {
  const result = lockfileSchema.safeParse(JSON.parse(text));
  if (!result.success) {
    throw new LockfileError(`package-lock.json is not a lockfile v2/v3: ${z.prettifyError(result.error)}`);
  }
  return result.data;
}

/** npm's os/cpu/libc rule: a list of allowed values, or of `!value` exclusions. */
function allows(list: readonly string[] | undefined, value: string): boolean {
  if (list === undefined || list.length === 0) return true;
  if (list.includes(`!${value}`)) return false;
  const positives = list.filter((item) => !item.startsWith('!'));
  return positives.length === 0 || positives.includes(value);
}

export function supportsTarget(entry: LockEntry, target: Target): boolean {
  return allows(entry.os, target.os) && allows(entry.cpu, target.cpu) && allows(entry.libc, target.libc);
}

/** Node's lookup walk in lockfile paths: `node_modules/a/node_modules/b` asking for `c`. */
function resolvePath(lock: Lockfile, fromPath: string, name: string): string | undefined {
  let base = fromPath;
  for (;;) {
    const candidate = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (lock.packages[candidate] !== undefined) return candidate;
    if (base === '') return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

function packageName(path: string): string {
  return path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);
}

export interface ClosureOptions {
  /** Per package name: dependencies it declares but never loads at run time. */
  readonly runtimeUnusedDependencies: (name: string) => readonly string[];
}

/**
 * Every package that `rootNames` need at run time on `target`: dependencies (required),
 * optional dependencies whose os/cpu/libc allow the target (skipped otherwise, as npm does).
 * Sorted by install path.
 */
export function resolveClosure(
  lock: Lockfile,
  rootNames: readonly string[],
  target: Target,
  options: ClosureOptions,
): LockedPackage[] {
  const found = new Map<string, LockedPackage>();
  const pending: { from: string; name: string; optional: boolean; requiredBy: string }[] = rootNames.map(
    (name) => ({ from: '', name, optional: false, requiredBy: 'the bundle' }),
  );
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const path = resolvePath(lock, next.from, next.name);
    const entry = path === undefined ? undefined : lock.packages[path];
    if (path === undefined || entry === undefined) {
      if (next.optional) continue;
      throw new LockfileError(`${next.name} (needed by ${next.requiredBy}) is not in package-lock.json`);
    }
    if (found.has(path)) continue;
    if (!supportsTarget(entry, target)) {
      if (next.optional) continue;
      throw new LockfileError(`${next.name} (needed by ${next.requiredBy}) does not support ${target.id}`);
    }
    if (entry.link === true || entry.version === undefined) {
      throw new LockfileError(
        `${next.name} at ${path} is a link or has no version; only registry packages can be shipped`,
      );
    }
    const name = packageName(path);
    found.set(path, { name, version: entry.version, path, integrity: entry.integrity });
    const unused = new Set(options.runtimeUnusedDependencies(name));
    for (const dep of Object.keys(entry.dependencies ?? {})) {
      if (!unused.has(dep)) pending.push({ from: path, name: dep, optional: false, requiredBy: name });
    }
    for (const dep of Object.keys(entry.optionalDependencies ?? {})) {
      if (!unused.has(dep)) pending.push({ from: path, name: dep, optional: true, requiredBy: name });
    }
  }
  return [...found.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
