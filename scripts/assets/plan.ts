// Where a missing asset can come from, in order, and what to tell the user when none worked.
import { join } from 'node:path';
import type { AssetFile } from '../../components/classifier/model/asset-file.ts';

export type AssetSource =
  | { readonly kind: 'mirror'; readonly path: string }
  | { readonly kind: 'download'; readonly url: string };

/** An existing file with the right sha256 is kept before any of these is tried. */
export function planSources(asset: AssetFile, mirrorDir: string | undefined): AssetSource[] {
  const sources: AssetSource[] = [];
  if (mirrorDir) sources.push({ kind: 'mirror', path: join(mirrorDir, asset.file) });
  sources.push({ kind: 'download', url: asset.url });
  return sources;
}

export interface Attempt {
  /** e.g. "existing file /x/models/files/a.onnx", "mirror /m/a.onnx", "download https://..." */
  readonly source: string;
  readonly problem: string;
}

export const describeSource = (source: AssetSource): string =>
  source.kind === 'mirror' ? `mirror ${source.path}` : `download ${source.url}`;

export function buildFailureMessage(
  asset: AssetFile,
  targetPath: string,
  attempts: readonly Attempt[],
): string {
  return [
    `cannot get ${asset.file} (${asset.bytes} bytes, sha256 ${asset.sha256}); tried:`,
    ...attempts.map(({ source, problem }) => `  - ${source}: ${problem}`),
    'Supply it in one of these ways:',
    `  - set ASSET_MIRROR to a folder holding ${asset.file} under that name (an offline mirror), or`,
    `  - download ${asset.url} yourself and place it at ${targetPath}`,
  ].join('\n');
}
