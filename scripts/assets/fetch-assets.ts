import { join } from 'node:path';
import { CARD_FILES_FOLDER } from '../../components/classifier/model/asset-file.ts';
import { DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS, DEFAULT_MAX_REDIRECTS } from './download.ts';
import { AssetFetchError, type FetchOutcome, fetchAsset } from './fetch-asset.ts';
import { createProgressReporter, type ProgressReporter } from './progress.ts';
import { readCardFiles } from './read-cards.ts';

export interface FetchAllOptions {
  /** Folder of the cards (`models/`); files land in its `files/` folder. */
  readonly cardsDir: string;
  readonly mirrorDir?: string | undefined;
  readonly progress?: ProgressReporter;
  readonly log?: (line: string) => void;
}

export interface FetchAllResult {
  readonly outcomes: ReadonlyArray<{ readonly file: string; readonly outcome: FetchOutcome }>;
  /** One message per file that could not be fetched. */
  readonly failures: readonly string[];
}

/** Fetches every file the cards name; tries all of them even when one fails. */
export async function fetchAllAssets(options: FetchAllOptions): Promise<FetchAllResult> {
  const log = options.log ?? (() => {});
  const assets = await readCardFiles(options.cardsDir);
  const fetchOptions = {
    targetDir: join(options.cardsDir, CARD_FILES_FOLDER),
    mirrorDir: options.mirrorDir,
    maxRedirects: DEFAULT_MAX_REDIRECTS,
    idleTimeoutMs: DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS,
    progress: options.progress ?? createProgressReporter(),
  };
  const outcomes: { file: string; outcome: FetchOutcome }[] = [];
  const failures: string[] = [];
  for (const asset of assets) {
    try {
      const outcome = await fetchAsset(asset, fetchOptions);
      outcomes.push({ file: asset.file, outcome });
      if (outcome !== 'kept')
        log(`assets: ${asset.file} ${outcome === 'mirror' ? 'copied from ASSET_MIRROR' : 'downloaded'}`);
    } catch (error) {
      if (!(error instanceof AssetFetchError)) throw error;
      failures.push(error.message);
    }
  }
  return { outcomes, failures };
}
