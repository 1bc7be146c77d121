// `npm start` options (pure): parse and validate the command line once.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../../components/requester/config.ts';
import { isNucleusFlavour, type NucleusFlavour } from '../../emulator/platform/nucleus-flavour.ts';

export const USAGE = `Usage: npm start -- [--count N] [--interval MS] [--live-view-port PORT] [--root DIR] [--nucleus classic|lite]

Fetches the assets if missing, builds the components if stale, starts the local Greengrass core,
deploys com.custom.ImageClassifier, com.custom.requester and com.custom.LiveView (with
com.custom.NodeRuntime) from greengrass-build/ as greengrass-cli would, with their recipe's
default configuration (anything an earlier run or a deployment of yours changed is reset),
prints the live view's address, and prints the requester's results.

  --count N       exit 0 after N results (default: run until Ctrl+C)
  --interval MS   time between two requests (default: the recipe's IntervalMs, 5000)
  --live-view-port PORT
                  the live view's port on 127.0.0.1 (default: the recipe's Port, 1447; 0: any free one)
  --root DIR      the core's folder (default: $GG_ROOT or ./greengrass/v2)
  --nucleus lite  behave as nucleus lite (deploys greengrass-build/artifacts-unpacked, as lite's
                  local deployments do not unarchive); default classic
  -h, --help      show this help`;

export interface StartOptions {
  readonly count: number;
  readonly intervalMs?: number;
  readonly liveViewPort?: number;
  readonly root: string;
  readonly nucleus: NucleusFlavour;
}

export type ParsedStart =
  | { readonly ok: true; readonly options: StartOptions }
  | { readonly ok: false; readonly help: boolean; readonly problem?: string };

export function parseStartOptions(argv: readonly string[], env: NodeJS.ProcessEnv, cwd: string): ParsedStart {
  let values: {
    count?: string;
    interval?: string;
    'live-view-port'?: string;
    root?: string;
    nucleus?: string;
    help?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        count: { type: 'string' },
        interval: { type: 'string' },
        'live-view-port': { type: 'string' },
        root: { type: 'string' },
        nucleus: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    return { ok: false, help: false, problem: (error as Error).message };
  }
  if (values.help) return { ok: false, help: true };
  const count = values.count === undefined ? 0 : Number(values.count);
  if (!Number.isInteger(count) || count < 0)
    return { ok: false, help: false, problem: `--count must be a whole number, got '${values.count}'` };
  const intervalMs = values.interval === undefined ? undefined : Number(values.interval);
  if (
    intervalMs !== undefined &&
    !(Number.isInteger(intervalMs) && intervalMs >= MIN_INTERVAL_MS && intervalMs <= MAX_INTERVAL_MS)
  ) {
    return {
      ok: false,
      help: false,
      problem: `--interval must be a whole number of milliseconds from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS}, got '${values.interval}'`,
    };
  }
  const liveViewPort = values['live-view-port'] === undefined ? undefined : Number(values['live-view-port']);
  if (
    liveViewPort !== undefined &&
    !(Number.isInteger(liveViewPort) && liveViewPort >= 0 && liveViewPort <= 65_535)
  ) {
    return {
      ok: false,
      help: false,
      problem: `--live-view-port must be a port number from 0 to 65535, got '${values['live-view-port']}'`,
    };
  }
  const nucleus = values.nucleus ?? 'classic';
  if (!isNucleusFlavour(nucleus))
    return { ok: false, help: false, problem: `--nucleus must be classic or lite, got '${nucleus}'` };
  const root = path.resolve(cwd, values.root ?? env.GG_ROOT ?? 'greengrass/v2');
  return {
    ok: true,
    options: {
      count,
      root,
      nucleus,
      ...(intervalMs === undefined ? {} : { intervalMs }),
      ...(liveViewPort === undefined ? {} : { liveViewPort }),
    },
  };
}
