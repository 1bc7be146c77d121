// Where a recipe artifact lives in the store and how its files are permitted
// (docs/greengrass-behaviour.md#artifacts). Local deployments never download: an artifact must already be in
// `<root>/packages/artifacts/<name>/<version>/` under the last segment of its URI.

import path from 'node:path';
import { CoreError } from '../errors/core-error.ts';
import type { ArtifactPermission, RecipeArtifact } from '../recipes/recipe-types.ts';

/** `s3://bucket/a/b/app.zip` -> `app.zip`; docker images are not files. */
export function artifactFileName(artifact: RecipeArtifact): string {
  const uri = artifact.uri;
  if (/^docker:/i.test(uri)) {
    throw new CoreError(
      'UNSUPPORTED_ARTIFACT',
      `docker artifact ${uri} cannot be used by the local core; use a file artifact`,
    );
  }
  const name = uri.slice(Math.max(uri.lastIndexOf('/'), uri.lastIndexOf(':')) + 1);
  if (name === '' || name === '.' || name === '..') {
    throw new CoreError('UNSUPPORTED_ARTIFACT', `artifact URI ${uri} does not end in a file name`);
  }
  return name;
}

/** `{artifacts:decompressedPath}/<this>`: the zip's file name without its last extension. */
export function unarchiveFolderName(fileName: string): string {
  const extension = path.extname(fileName);
  return extension === '' ? fileName : fileName.slice(0, -extension.length);
}

/**
 * File mode for an artifact file. The owner keeps write access so a redeployment can replace
 * the file; Read ALL adds read for everyone; Execute OWNER/ALL add execute (and ALL implies read).
 */
export function artifactFileMode(permission: ArtifactPermission): number {
  let mode = permission.read === 'ALL' ? 0o644 : 0o600;
  if (permission.execute === 'OWNER') mode |= 0o100;
  if (permission.execute === 'ALL') mode |= 0o755;
  return mode;
}

/** Unpacked folders are readable and traversable by everyone (reference 3.6). */
export const UNARCHIVED_FOLDER_MODE = 0o755;
