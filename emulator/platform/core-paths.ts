// The folders of a core root (docs/greengrass-behaviour.md#core-folders). Every part of the local core computes
// paths here, so the layout matches a device's `/greengrass/v2`.

import path from 'node:path';

export interface CorePaths {
  readonly root: string;
  readonly recipes: string;
  readonly artifactsRoot: string;
  readonly unarchivedRoot: string;
  readonly workRoot: string;
  readonly logs: string;
  readonly config: string;
  readonly ipcSocket: string;
  /** `{artifacts:path}` */
  artifacts(name: string, version: string): string;
  /** `{artifacts:decompressedPath}` */
  unarchived(name: string, version: string): string;
  /** `{work:path}`, the working directory of every lifecycle step */
  work(name: string): string;
}

export function corePaths(root: string): CorePaths {
  const absolute = path.resolve(root);
  const packages = path.join(absolute, 'packages');
  const artifactsRoot = path.join(packages, 'artifacts');
  const unarchivedRoot = path.join(packages, 'artifacts-unarchived');
  const workRoot = path.join(absolute, 'work');
  return {
    root: absolute,
    recipes: path.join(packages, 'recipes'),
    artifactsRoot,
    unarchivedRoot,
    workRoot,
    logs: path.join(absolute, 'logs'),
    config: path.join(absolute, 'config'),
    ipcSocket: path.join(absolute, 'ipc.socket'),
    artifacts: (name, version) => path.join(artifactsRoot, name, version),
    unarchived: (name, version) => path.join(unarchivedRoot, name, version),
    work: (name) => path.join(workRoot, name),
  };
}
