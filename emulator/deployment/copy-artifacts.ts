// `--artifactDir` as greengrass-cli treats it (docs/greengrass-behaviour.md#greengrass-cli): copied recursively
// into `<root>/packages/artifacts/`, so it must be laid out `<ComponentName>/<version>/<files>`,
// and it must not contain the core's own artifact folder. Links are copied as the files they
// point at, so the store holds no link leading out of it.

import fs from 'node:fs';
import path from 'node:path';
import { CoreError } from '../errors/core-error.ts';
import type { CorePaths } from '../platform/core-paths.ts';
import { isInside } from './zip-entry-policy.ts';

export async function copyArtifactDirectory(dir: string, paths: CorePaths): Promise<void> {
  const source = path.resolve(dir);
  const stat = await fs.promises.stat(source).catch(() => undefined);
  if (stat === undefined || !stat.isDirectory()) {
    throw new CoreError(
      'INVALID_DIRECTORY',
      `artifact directory ${source} does not exist or is not a directory`,
    );
  }
  const store = await fs.promises
    .realpath(paths.artifactsRoot)
    .catch(() => path.resolve(paths.artifactsRoot));
  const real = await fs.promises.realpath(source);
  if (real === store) return; // already the store: nothing to copy
  if (isInside(real, store)) {
    throw new CoreError(
      'INVALID_DIRECTORY',
      `artifact directory ${source} must not contain the core's artifact folder ${store}`,
    );
  }
  await fs.promises.mkdir(paths.artifactsRoot, { recursive: true });
  await fs.promises.cp(real, paths.artifactsRoot, { recursive: true, force: true, dereference: true });
}
