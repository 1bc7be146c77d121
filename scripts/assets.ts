// `npm run assets`: makes models/files/ hold every file the cards in models/ name.
import { fileURLToPath } from 'node:url';
import { fetchAllAssets } from './assets/fetch-assets.ts';

const cardsDir = fileURLToPath(new URL('../models/', import.meta.url));
const { outcomes, failures } = await fetchAllAssets({
  cardsDir,
  mirrorDir: process.env.ASSET_MIRROR || undefined,
  log: (line) => process.stderr.write(`${line}\n`),
});
for (const failure of failures) process.stderr.write(`${failure}\n`);
process.stderr.write(`assets: ${outcomes.length} ready, ${failures.length} failed (${cardsDir}files)\n`);
process.exitCode = failures.length === 0 ? 0 : 1;
