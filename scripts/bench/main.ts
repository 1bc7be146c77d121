// `npm run bench`: the classifier's benchmark (see options.ts for the command line). Measures the
// reference points in this process, then starts the local core and the classifier from the
// built artifact and drives it through IPC with the unmodified SDK client; prints a table and
// writes JSON and a latency histogram under reports/.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../components/classifier/model/load-model.ts';
import { DEFAULT_MAX_QUEUE } from '../../components/classifier/service/config.ts';
import { ensureBuiltComponents } from './artifact.ts';
import { ECHO_REQUEST_TOPIC, ECHO_RESULT_TOPIC } from './core-host-protocol.ts';
import { measureOverload, measureThroughput, soak, type Target } from './ipc-phases.ts';
import { LoadClient, type ReplyTimings } from './load-client.ts';
import { runSequential } from './load-patterns.ts';
import { coreCount, cpuModel, loadAverage, memoryGiB, QUIET_LOAD_AVERAGE } from './machine.ts';
import { type BenchOptions, parseBenchOptions, USAGE } from './options.ts';
import { sampleProcess } from './process-stats.ts';
import { loadPhotoSet } from './reference/photo-set.ts';
import { measureReferencePoints } from './reference/reference-points.ts';
import { renderReport } from './render.ts';
import { createRequestSource, type RequestSource } from './request-source.ts';
import type { BenchResult, MemoryResult } from './result.ts';
import { median, renderHistogram, summarizeLatencies } from './stats.ts';
import { type SystemUnderTest, startSystemUnderTest } from './system-under-test.ts';
import { judgeTargets, type TargetVerdict } from './targets.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MODEL_CARD = path.join(REPO_ROOT, 'models/mobilenetv2-12-int8.json');
/** Unrecorded requests before the unloaded latency is measured. */
const UNLOADED_WARMUP_REQUESTS = 10;
/** The classifier's RSS is read every this many answered requests. */
const MEMORY_SAMPLE_EVERY = 500;

const progress = (step: string): void => void process.stderr.write(`bench: ${step}\n`);

async function main(options: BenchOptions): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadAverage();
  if ((loadAtStart[0] ?? 0) >= QUIET_LOAD_AVERAGE)
    progress(
      `warning: 1-minute load average ${loadAtStart[0]} >= ${QUIET_LOAD_AVERAGE}; figures are provisional`,
    );
  const built = await ensureBuiltComponents(options.build, progress, options.buildDir);
  const photos = await loadPhotoSet(options.images, REPO_ROOT);
  const model = await loadModel(MODEL_CARD);
  const cores = coreCount();

  const reference = options.skipReference
    ? undefined
    : await measureReferencePoints(
        model,
        photos,
        cores,
        {
          passes: options.referencePasses,
          cacheDir: path.join(REPO_ROOT, 'node_modules', '.cache', 'bench'),
          ...options,
        },
        progress,
      );

  const classifierConfig: Record<string, unknown> = {
    ...options.classifierConfig,
    ImageRoots: [photos.directory],
  };
  let classifierDied: string | undefined;
  const system = await startSystemUnderTest({
    recipeDir: built.recipeDir,
    artifactDir: built.artifactDir,
    config: classifierConfig,
    nodeArgs: options.cpuProfile
      ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(REPO_ROOT, options.reportsDir)}`]
      : [],
    onClassifierExit: (how) => {
      classifierDied = how;
      progress(`the classifier exited on its own (${how}); the figures are void`);
    },
  });
  let client: LoadClient | undefined;
  try {
    const requestSource = await createRequestSource(
      photos.directory,
      photos.names,
      options.form,
      `b${Date.now().toString(36)}`,
    );
    const ipcOnly = await measureIpcOnly(system, requestSource, options);
    progress(`starting the classifier ${options.starts} time(s)`);
    const startToRunningMs: number[] = [];
    for (let i = 0; i < options.starts; i++) startToRunningMs.push(await system.restartClassifier());
    progress('memory floor of the stack');
    const floorRssBytes = await system.measureMemoryFloor();
    const atRunning = sampleProcess(system.classifierPid);

    client = await LoadClient.connect(system.socketPath, system.clientToken);
    const samples: Array<{ answered: number; rssBytes: number }> = [];
    client.onAnswered = (answered) => {
      if (answered % MEMORY_SAMPLE_EVERY !== 0 || classifierDied) return;
      try {
        samples.push({ answered, rssBytes: sampleProcess(system.classifierPid).rssBytes });
      } catch {
        // The classifier has exited: onClassifierExit reports it and the run fails.
      }
    };
    const target: Target = {
      client,
      source: requestSource,
      componentPid: system.classifierPid,
      corePid: system.corePid,
    };

    progress(`unloaded latency (${options.unloadedRequests} requests)`);
    const sequential = await runSequential(
      client,
      target.source,
      UNLOADED_WARMUP_REQUESTS,
      options.unloadedRequests,
    );
    const unloaded = summarizeLatencies(sequential.map((outcome) => outcome.latencyMs));
    const inside = (pick: (t: ReplyTimings) => number) =>
      median(sequential.flatMap((o) => (o.timings ? [pick(o.timings)] : [])));
    const unloadedInside = {
      decodeMs: inside((t) => t.decodeMs),
      inferMs: inside((t) => t.inferMs),
      totalMs: inside((t) => t.totalMs),
    };
    progress(`throughput (${options.repetitions} x ${options.durationMs / 1000} s)`);
    const throughput = await measureThroughput(target, options);
    progress(`overload (${options.overloadMs / 1000} s)`);
    const maxQueue = Number(classifierConfig.MaxQueue ?? DEFAULT_MAX_QUEUE);
    const overload = await measureOverload(target, {
      ratePerSecond: throughput.median.perSecond * options.overloadFactor,
      durationMs: options.overloadMs,
      maxQueue,
      throughputPerSecond: throughput.median.perSecond,
    });
    if (client.answered < options.soakRequests) {
      progress(`memory soak up to ${options.soakRequests} requests`);
      await soak(target, options.concurrency, options.soakRequests);
    }
    const final = sampleProcess(system.classifierPid);
    const memory: MemoryResult = {
      rssAtRunningBytes: atRunning.rssBytes,
      floorRssBytes,
      samples,
      answered: client.answered,
      finalRssBytes: final.rssBytes,
      lifetimePeakRssBytes: final.peakRssBytes,
    };
    if (classifierDied) throw new Error(`the classifier exited during the run (${classifierDied})`);

    const result: BenchResult = {
      startedAt: startedAt.toISOString(),
      machine: {
        cpuModel: cpuModel(),
        cores,
        memoryGiB: memoryGiB(),
        node: process.versions.node,
        classifierNode: system.classifierNodeVersion.replace(/^v/, ''),
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadAverage(),
      },
      photos: { directory: photos.directory, count: photos.names.length, form: options.form },
      classifierConfig,
      reference,
      ipcOnly,
      startToRunningMs,
      unloaded,
      unloadedInside,
      throughput,
      overload,
      memory,
      integrity: { lost: countLost(throughput, overload), unmatched: client.unmatched },
    };
    const targets = judgeTargets(result);
    const table = renderReport(result, targets);
    process.stdout.write(`\n${table}`);
    await writeReports(options.reportsDir, startedAt, { ...result, targets }, table);
  } finally {
    await client?.close();
    await system.stop();
  }
}

/** The same closed-loop load against bench.Echo: what the IPC path costs without classifying. */
async function measureIpcOnly(
  system: SystemUnderTest,
  source: RequestSource,
  options: BenchOptions,
): Promise<BenchResult['ipcOnly']> {
  progress('IPC only (bench.Echo)');
  const echoPid = await system.startEcho();
  const client = await LoadClient.connect(system.socketPath, system.clientToken, {
    request: ECHO_REQUEST_TOPIC,
    result: ECHO_RESULT_TOPIC,
  });
  try {
    const target: Target = { client, source, componentPid: echoPid, corePid: system.corePid };
    const unloaded = summarizeLatencies(
      (await runSequential(client, source, UNLOADED_WARMUP_REQUESTS, options.unloadedRequests)).map(
        (outcome) => outcome.latencyMs,
      ),
    );
    // A reference with little spread: shorter than the classifier's own test.
    const loaded = await measureThroughput(target, {
      ...options,
      repetitions: Math.ceil(options.repetitions / 2),
      durationMs: Math.ceil(options.durationMs / 2),
    });
    return { unloaded, loaded };
  } finally {
    await client.close();
    await system.stopEcho();
  }
}

function countLost(throughput: BenchResult['throughput'], overload: BenchResult['overload']): number {
  const inWindows = throughput.repetitions.reduce((sum, rep) => sum + (rep.errors.LOST ?? 0), 0);
  return inWindows + (overload.byStatus.LOST ?? 0);
}

async function writeReports(
  dir: string,
  startedAt: Date,
  result: BenchResult & { targets: readonly TargetVerdict[] },
  table: string,
): Promise<void> {
  const folder = path.resolve(REPO_ROOT, dir);
  await mkdir(folder, { recursive: true });
  const stem = path.join(folder, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}`);
  await writeFile(`${stem}.json`, `${JSON.stringify(result, null, 2)}\n`);
  const histogram = renderHistogram(result.throughput.histogram);
  await writeFile(
    `${stem}-latency.txt`,
    `Latency, publish to reply receipt, all measured windows (${result.throughput.concurrency} in flight)\n${histogram}\n${table}`,
  );
  progress(`wrote ${stem}.json and ${stem}-latency.txt`);
}

const parsed = parseBenchOptions(process.argv.slice(2));
if (!parsed.ok) {
  process.stderr.write(`bench: ${parsed.problem}\n${USAGE}\n`);
  process.exitCode = 2;
} else if (parsed.options.help) {
  process.stdout.write(`${USAGE}\n`);
} else {
  try {
    await main(parsed.options);
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
