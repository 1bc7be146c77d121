// npm start: the whole system on this machine, as a device would run it. Fetches the assets if
// missing, builds the components if stale, starts the local Greengrass core, deploys both
// components from greengrass-build/ as `greengrass-cli deployment create` would, and prints
// the live view's address and the requester's `result:` lines from their logs. `--count N` exits
// 0 after N results.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCore } from '../emulator/core/core.ts';
import type { LocalCore } from '../emulator/core/local-core.ts';
import { fetchAllAssets } from './assets/fetch-assets.ts';
import { UNPACKED_FOLDER } from './build/build.ts';
import { COMPONENTS } from './build/components.ts';
import { BUILD_DIR, COMPONENT_BUILD_ARGS, ensureComponentBuild } from './build/freshness.ts';
import { sourceRecipeIdentity } from './build/source-recipe.ts';
import { type ComponentOutput, describeOutput, parseComponentOutput } from './start/component-log-line.ts';
import { fileSize, followFile } from './start/follow-file.ts';
import { parseStartOptions, type StartOptions, USAGE } from './start/options.ts';

const CLASSIFIER = 'com.custom.ImageClassifier';
const REQUESTER = 'com.custom.requester';
const LIVE_VIEW = 'com.custom.LiveView';

const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

async function main(): Promise<number> {
  const parsed = parseStartOptions(process.argv.slice(2), process.env, process.cwd());
  if (!parsed.ok) {
    if (parsed.problem) say(`npm start: ${parsed.problem}`);
    process.stdout.write(`${USAGE}\n`);
    return parsed.help ? 0 : 2;
  }
  const options = parsed.options;

  const { failures } = await fetchAllAssets({
    cardsDir: fileURLToPath(new URL('../models/', import.meta.url)),
    mirrorDir: process.env.ASSET_MIRROR || undefined,
    log: say,
  });
  if (failures.length > 0) {
    say(`npm start: assets are missing:\n${failures.join('\n')}`);
    return 1;
  }
  await ensureComponentBuild(say, COMPONENT_BUILD_ARGS);

  // This command deploys explicitly, so the stored roots of an earlier run are not redeployed first.
  const core = await startCore({ root: options.root, redeployOnStart: false, nucleus: options.nucleus });
  say(`Local Greengrass core (${core.nucleus} nucleus) at ${core.root} (logs: ${core.paths.logs})`);
  say(`AWS IoT Core stand-in (MQTT broker): ${core.iotCoreUrl} (npm run emulator -- iotcore sub -t '#')`);
  try {
    return await deployAndFollow(core, options);
  } finally {
    await core.close();
  }
}

/** How long the log follower gets to read a component's last lines after its state changed. */
const LAST_LINES_GRACE_MS = 500;

async function deployAndFollow(core: LocalCore, options: StartOptions): Promise<number> {
  const requesterLog = path.join(core.paths.logs, `${REQUESTER}.log`);
  const liveViewLog = path.join(core.paths.logs, `${LIVE_VIEW}.log`);
  const liveViewFollower = followFile(liveViewLog, fileSize(liveViewLog), (line) => {
    const output = parseComponentOutput(line);
    const address = /^live view: (\S+)/.exec(output?.message ?? '')?.[1];
    if (address) say(`Live view: ${address}`);
    else if (output?.level === 'error') say(`${LIVE_VIEW}: ${output.message}`);
  });
  let results = 0;
  let finish!: (code: number) => void;
  const finished = new Promise<number>((resolve) => {
    finish = resolve;
  });
  const follower = followFile(requesterLog, fileSize(requesterLog), (line) => {
    const output = parseComponentOutput(line);
    if (!output || !isReportable(output)) return;
    process.stdout.write(`${describeOutput(output)}\n`);
    if (output.message?.startsWith('result: ')) {
      results += 1;
      if (options.count > 0 && results >= options.count) finish(0);
    }
  });
  // Ctrl+C reaches npm and this process at once and npm's relayed copy follows (npm start runs
  // `node --import tsx`: the tsx command SIGKILLs a child slow to acknowledge a signal): every
  // signal asks for the same clean stop, which core.close() in main() makes (components
  // stopped, core-stopped logged), so none may end the process on the spot.
  let stopping = false;
  const stopOnSignal = (signal: NodeJS.Signals) => {
    if (!stopping) say(`${signal}: stopping the local core...`);
    stopping = true;
    finish(0);
  };
  process.on('SIGINT', stopOnSignal);
  process.on('SIGTERM', stopOnSignal);
  const stopWatchingState = core.onStateChange((change) => {
    if (change.name !== REQUESTER) return;
    if (
      change.to === 'BROKEN' ||
      (change.to === 'FINISHED' && options.count > 0 && results < options.count)
    ) {
      // The state change can overtake the log lines written just before it: let the follower
      // read them before counting.
      setTimeout(() => {
        if (change.to === 'FINISHED' && results >= options.count) return; // the follower finished us
        say(`${REQUESTER} is ${change.to} after ${results} result(s); see ${requesterLog}`);
        finish(results >= options.count ? 0 : 1);
      }, LAST_LINES_GRACE_MS);
    }
  });

  // Every run shows the same thing: each component starts from its recipe's defaults (RESET of
  // the whole configuration, "" as the pointer), whatever an earlier run or a user's deployment
  // left on this core, and only what the options say is merged on top.
  const record = core.deploy({
    recipeDir: path.join(BUILD_DIR, 'recipes'),
    // Nucleus lite's local deployments do not unarchive: deploy the zips' content as it is.
    artifactDir: path.join(BUILD_DIR, options.nucleus === 'lite' ? UNPACKED_FOLDER : 'artifacts'),
    merge: Object.fromEntries(
      COMPONENTS.map(sourceRecipeIdentity).map(({ name, version }) => [name, version]),
    ),
    updateConfig: {
      [CLASSIFIER]: { RESET: [''] },
      [REQUESTER]: {
        RESET: [''],
        MERGE: {
          Count: options.count,
          ...(options.intervalMs === undefined ? {} : { IntervalMs: options.intervalMs }),
        },
      },
      [LIVE_VIEW]: {
        RESET: [''],
        ...(options.liveViewPort === undefined ? {} : { MERGE: { Port: options.liveViewPort } }),
      },
    },
  });
  say(`Local deployment submitted! Deployment Id: ${record.id}`);
  const settled = await core.deploymentSettled(record.id);
  if (settled.status === 'FAILED') {
    say(`deployment ${record.id} failed: ${settled.failure?.message ?? 'unknown cause'}`);
    follower.stop();
    liveViewFollower.stop();
    stopWatchingState();
    return 1;
  }
  say(
    `Deployed ${CLASSIFIER}, ${REQUESTER} and ${LIVE_VIEW}; results follow (${options.count > 0 ? `${options.count} wanted` : 'Ctrl+C to stop'}).`,
  );
  const code = await finished;
  follower.stop();
  liveViewFollower.stop();
  stopWatchingState();
  // The handlers stay: a relayed copy of the signal may still arrive while main() closes the core.
  return code;
}

/** The requester's own report lines: results, errors and timeouts (not every debug detail). */
function isReportable(output: ComponentOutput): boolean {
  if (output.message === undefined) return output.stream === 'stderr';
  return /^(result|timeout|request not sent|unanswered)/.test(output.message) || output.level === 'error';
}

process.exitCode = await main().catch((error: unknown) => {
  say(`npm start: ${error instanceof Error ? error.message : String(error)}`);
  return 1;
});
