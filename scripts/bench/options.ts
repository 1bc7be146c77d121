// Command line of `npm run bench` (pure): two presets (quick: under a minute; full: a few
// minutes) that any option overrides.
import { parseArgs } from 'node:util';
import { MEMORY_TARGET_REQUESTS } from './targets.ts';

export interface BenchOptions {
  /** Folder of photos; undefined means ACCURACY_IMAGES, else the fetched sample photos. */
  readonly images: string | undefined;
  /** Requests kept in flight by the closed-loop load generator. */
  readonly concurrency: number;
  readonly durationMs: number;
  /** Load before each measured repetition, excluded from its figures. */
  readonly warmupMs: number;
  readonly repetitions: number;
  /** Passes over the photos for decode-only and inference-only (the first pass is warm-up). */
  readonly referencePasses: number;
  /** Requests sent one at a time for the unloaded latency (after a few warm-up requests). */
  readonly unloadedRequests: number;
  /** Classifier starts timed from process start to RUNNING. */
  readonly starts: number;
  readonly overloadMs: number;
  /** Open-loop send rate during the overload test, as a multiple of the measured throughput. */
  readonly overloadFactor: number;
  /** Requests the classifier has answered when the memory soak ends (RSS is read on the way). */
  readonly soakRequests: number;
  /** `path`: seed-form JSON naming a file, as the requester sends; `inline`: the image bytes. */
  readonly form: 'path' | 'inline';
  /** Merged over the recipe's DefaultConfiguration (ImageRoots is set by the bench). */
  readonly classifierConfig: Readonly<Record<string, unknown>>;
  readonly skipReference: boolean;
  /** Rebuild the artifact when it is missing or older than the sources. */
  readonly build: boolean;
  /** Another build output folder (like greengrass-build) to measure instead; never rebuilt. */
  readonly buildDir: string | undefined;
  readonly reportsDir: string;
  /** Write V8 CPU profiles of the classifier's threads into the reports folder. */
  readonly cpuProfile: boolean;
  readonly quick: boolean;
  readonly help: boolean;
}

interface Preset {
  readonly concurrency: number;
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly repetitions: number;
  readonly referencePasses: number;
  readonly unloadedRequests: number;
  readonly starts: number;
  readonly overloadMs: number;
  readonly overloadFactor: number;
  readonly soakRequests: number;
}

const FULL: Preset = {
  concurrency: 16,
  durationMs: 10_000,
  warmupMs: 3_000,
  repetitions: 5,
  referencePasses: 5,
  unloadedRequests: 500,
  starts: 3,
  overloadMs: 10_000,
  overloadFactor: 2,
  soakRequests: MEMORY_TARGET_REQUESTS,
};

const QUICK: Preset = {
  ...FULL,
  durationMs: 3_000,
  warmupMs: 1_000,
  repetitions: 3,
  referencePasses: 2,
  unloadedRequests: 100,
  starts: 1,
  overloadMs: 3_000,
  soakRequests: 1_000,
};

export const USAGE = `usage: npm run bench -- [options]

Starts the local core, deploys com.custom.ImageClassifier and its Node.js runtime from the build
as a local deployment on a device would, drives it through the real IPC protocol with the
unmodified SDK client, measures the reference points in the same run, prints a table and writes
JSON and a latency histogram under reports/.

  --quick                  short run (under a minute); default is the full run (a few minutes)
  --images DIR             photos to send (default: ACCURACY_IMAGES, else models/files samples)
  --concurrency N          requests in flight during the throughput test (default ${FULL.concurrency})
  --duration S             seconds per measured repetition (full ${FULL.durationMs / 1000}, quick ${QUICK.durationMs / 1000})
  --warmup S               seconds of load before each repetition, not measured
  --repetitions N          repetitions of each timed test; the table shows medians
  --reference-passes N     passes over the photos for decode-only / inference-only
  --unloaded-requests N    requests sent one at a time for the unloaded latency
  --starts N               classifier starts timed to RUNNING
  --overload S             seconds of open-loop overload beyond MaxQueue
  --overload-factor X      overload send rate as a multiple of the measured throughput
  --soak-requests N        answered requests at which the memory soak ends (full ${FULL.soakRequests})
  --form path|inline       requests naming a file (default) or carrying the image bytes
  --config JSON            classifier configuration merged over the recipe defaults
  --skip-reference         skip decode-only, inference-only and the naive pipeline
  --no-build               use the artifact as it is, even if older than the sources
  --build-dir DIR          measure the build in DIR (as written by npm run build -- --out DIR)
  --reports DIR            where JSON and histograms go (default reports/)
  --cpu-prof               also write V8 CPU profiles of the classifier there (slows it down)
  -h, --help`;

export type ParsedBenchOptions = { ok: true; options: BenchOptions } | { ok: false; problem: string };

export function parseBenchOptions(argv: readonly string[]): ParsedBenchOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        quick: { type: 'boolean', default: false },
        images: { type: 'string' },
        concurrency: { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        repetitions: { type: 'string' },
        'reference-passes': { type: 'string' },
        'unloaded-requests': { type: 'string' },
        starts: { type: 'string' },
        overload: { type: 'string' },
        'overload-factor': { type: 'string' },
        'soak-requests': { type: 'string' },
        form: { type: 'string', default: 'path' },
        config: { type: 'string', default: '{}' },
        'skip-reference': { type: 'boolean', default: false },
        'no-build': { type: 'boolean', default: false },
        'build-dir': { type: 'string' },
        reports: { type: 'string', default: 'reports' },
        'cpu-prof': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
  const preset = values.quick ? QUICK : FULL;
  try {
    const count = (name: string, fallback: number, min = 1) => integer(values[name], name, fallback, min);
    const seconds = (name: string, fallback: number) =>
      Math.round(number(values[name], name, fallback / 1000) * 1000);
    const form = values.form;
    if (form !== 'path' && form !== 'inline')
      throw new Error(`--form must be path or inline, got ${String(form)}`);
    return {
      ok: true,
      options: {
        images: values.images as string | undefined,
        concurrency: count('concurrency', preset.concurrency),
        durationMs: seconds('duration', preset.durationMs),
        warmupMs: seconds('warmup', preset.warmupMs),
        repetitions: count('repetitions', preset.repetitions),
        referencePasses: count('reference-passes', preset.referencePasses, 2),
        unloadedRequests: count('unloaded-requests', preset.unloadedRequests),
        starts: count('starts', preset.starts),
        overloadMs: seconds('overload', preset.overloadMs),
        overloadFactor: number(values['overload-factor'], 'overload-factor', preset.overloadFactor),
        soakRequests: count('soak-requests', preset.soakRequests, 0),
        form,
        classifierConfig: parseConfig(values.config as string),
        skipReference: values['skip-reference'] === true,
        build: values['no-build'] !== true,
        buildDir: values['build-dir'] as string | undefined,
        reportsDir: values.reports as string,
        cpuProfile: values['cpu-prof'] === true,
        quick: values.quick === true,
        help: values.help === true,
      },
    };
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
}

function integer(raw: unknown, name: string, fallback: number, min: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer >= ${min}`);
  return value;
}

function number(raw: unknown, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
}

function parseConfig(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`--config is not JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('--config must be a JSON object');
  return value as Record<string, unknown>;
}
