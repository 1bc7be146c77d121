// Makes a component's artifacts ready in the store (docs/greengrass-behaviour.md#artifacts): each artifact of
// the chosen manifest must be in `<root>/packages/artifacts/<name>/<version>/`, gets its
// permission, and a `Unarchive: ZIP` one is unpacked to
// `<root>/packages/artifacts-unarchived/<name>/<version>/<zip base name>/`. An unchanged zip
// (same size and modification time as when it was unpacked) is not unpacked again.

import fs from 'node:fs';
import path from 'node:path';
import { CoreError } from '../errors/core-error.ts';
import type { CorePaths } from '../platform/core-paths.ts';
import type { RecipeArtifact } from '../recipes/recipe-types.ts';
import {
  artifactFileMode,
  artifactFileName,
  UNARCHIVED_FOLDER_MODE,
  unarchiveFolderName,
} from './artifact-files.ts';
import { unarchiveZip } from './unarchive-zip.ts';
import type { ArchiveLimits } from './zip-entry-policy.ts';

export interface ArtifactOwner {
  readonly name: string;
  readonly version: string;
  readonly artifacts: readonly RecipeArtifact[];
}

export async function prepareArtifacts(
  owner: ArtifactOwner,
  paths: CorePaths,
  limits?: ArchiveLimits,
): Promise<void> {
  const folder = paths.artifacts(owner.name, owner.version);
  for (const artifact of owner.artifacts) {
    const fileName = artifactFileName(artifact);
    const file = path.join(folder, fileName);
    const stat = await fs.promises.stat(file).catch(() => undefined);
    if (stat === undefined || !stat.isFile()) {
      throw new CoreError(
        'ARTIFACT_NOT_FOUND',
        `${owner.name} ${owner.version}: artifact ${fileName} (${artifact.uri}) is not in ${folder}; ` +
          `put it in --artifactDir under ${owner.name}/${owner.version}/${fileName}`,
        { details: { component: owner.name, version: owner.version, artifact: fileName, uri: artifact.uri } },
      );
    }
    const mode = artifactFileMode(artifact.permission);
    await fs.promises.chmod(file, mode);
    if (artifact.unarchive === 'ZIP')
      await unpackIfChanged(file, stat, paths.unarchived(owner.name, owner.version), mode, limits);
  }
}

async function unpackIfChanged(
  zipFile: string,
  stat: fs.Stats,
  unarchivedRoot: string,
  fileMode: number,
  limits: ArchiveLimits | undefined,
): Promise<void> {
  const destination = path.join(unarchivedRoot, unarchiveFolderName(path.basename(zipFile)));
  const stampFile = `${destination}.unarchived-from`;
  const stamp = `${stat.size}:${stat.mtimeMs}`;
  const previous = await fs.promises.readFile(stampFile, 'utf8').catch(() => undefined);
  const present = await fs.promises.stat(destination).catch(() => undefined);
  if (previous === stamp && present?.isDirectory()) return;
  await fs.promises.mkdir(unarchivedRoot, { recursive: true, mode: UNARCHIVED_FOLDER_MODE });
  await unarchiveZip(zipFile, destination, { fileMode, ...(limits === undefined ? {} : { limits }) });
  await fs.promises.writeFile(stampFile, stamp);
}
