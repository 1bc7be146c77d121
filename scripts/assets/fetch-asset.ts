import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError, type ErrorCatalogue } from '../../common/coded-error.ts';
import type { AssetFile } from '../../components/classifier/model/asset-file.ts';
import { download } from './download.ts';
import { sha256OfFile } from './file-hash.ts';
import { type AssetSource, type Attempt, buildFailureMessage, describeSource, planSources } from './plan.ts';
import type { ProgressReporter } from './progress.ts';

export interface FetchOptions {
  /** Folder the file lands in (models/files). */
  readonly targetDir: string;
  /** Offline mirror holding files under their upstream names (ASSET_MIRROR). */
  readonly mirrorDir: string | undefined;
  readonly maxRedirects: number;
  readonly idleTimeoutMs: number;
  readonly progress: ProgressReporter;
}

export type FetchOutcome = 'kept' | 'mirror' | 'download';

export const ASSET_ERROR_CODES = {
  ASSET_UNAVAILABLE: "no source (the file in place, ASSET_MIRROR, the download) gave the asset's exact bytes",
} as const satisfies ErrorCatalogue<string>;

/** The build reports it as ASSETS_UNAVAILABLE. */
export class AssetFetchError extends CodedError<keyof typeof ASSET_ERROR_CODES> {
  constructor(message: string) {
    super('ASSET_UNAVAILABLE', message);
  }
}

/**
 * Makes `targetDir/<file>` hold the asset's exact bytes: keeps a matching file, else copies
 * from the mirror, else downloads. Each source writes a temporary file in the same folder,
 * which is checked and then renamed into place, so a failure never leaves a bad file behind.
 */
export async function fetchAsset(asset: AssetFile, options: FetchOptions): Promise<FetchOutcome> {
  const targetPath = join(options.targetDir, asset.file);
  const existing = await sha256OfFile(targetPath);
  if (existing === asset.sha256) return 'kept';
  const attempts: Attempt[] = [
    {
      source: `existing file ${targetPath}`,
      problem: existing === undefined ? 'missing' : `sha256 ${existing}`,
    },
  ];
  if (!options.mirrorDir) attempts.push({ source: 'mirror', problem: 'ASSET_MIRROR is not set' });
  await mkdir(options.targetDir, { recursive: true });
  for (const source of planSources(asset, options.mirrorDir)) {
    const tempPath = join(options.targetDir, `.${asset.file}.${randomBytes(6).toString('hex')}.part`);
    try {
      const sha256 = await fetchInto(source, tempPath, asset, options);
      if (sha256 !== asset.sha256) throw new Error(`sha256 ${sha256} does not match`);
      await rename(tempPath, targetPath);
      return source.kind;
    } catch (error) {
      attempts.push({ source: describeSource(source), problem: describeProblem(error) });
    } finally {
      await rm(tempPath, { force: true });
    }
  }
  throw new AssetFetchError(buildFailureMessage(asset, targetPath, attempts));
}

async function fetchInto(source: AssetSource, tempPath: string, asset: AssetFile, options: FetchOptions) {
  if (source.kind === 'mirror') {
    await copyFile(source.path, tempPath);
    await chmod(tempPath, 0o644); // a read-only mirror (e.g. a CD or a read-only share) must not make read-only copies
    return (await sha256OfFile(tempPath)) ?? '';
  }
  return download(source.url, tempPath, { ...options, label: asset.file });
}

function describeProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  return error instanceof Error ? error.message : String(error);
}
