import { fileURLToPath } from 'node:url';
import { fetchAllAssets } from '../scripts/assets/fetch-assets.ts';
import { COMPONENT_BUILD_ARGS, ensureComponentBuild, runMayNeedBuild } from './helpers/component-build.ts';

// Runs once before the suite: makes models/files/ hold the model, labels and sample photos,
// from ASSET_MIRROR when set (CI, offline) or from the upstream addresses; then, for runs that
// may include test/core/real-build.test.ts, makes greengrass-build/ fresh (`npm run build`,
// about 15 s, only when it is missing or older than its inputs).
export default async function setup(): Promise<void> {
  const { failures } = await fetchAllAssets({
    cardsDir: fileURLToPath(new URL('../models/', import.meta.url)),
    mirrorDir: process.env.ASSET_MIRROR || undefined,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  if (failures.length > 0) throw new Error(`test assets are missing:\n${failures.join('\n')}`);
  if (runMayNeedBuild(process.argv)) {
    await ensureComponentBuild((line) => process.stderr.write(`${line}\n`), COMPONENT_BUILD_ARGS);
  }
}
