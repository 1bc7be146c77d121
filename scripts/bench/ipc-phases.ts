// The measurements through IPC: throughput with CPU and memory, overload beyond MaxQueue, and
// the memory soak. Each drives the classifier with the load client and reads /proc.
import type { LoadClient, Outcome } from './load-client.ts';
import { runClosedLoop, runOpenLoop, runUntilAnswered } from './load-patterns.ts';
import { RssWatch, sampleProcess } from './process-stats.ts';
import type { RequestSource } from './request-source.ts';
import type { CpuShare, OverloadResult, ThroughputRepetition, ThroughputResult } from './result.ts';
import { buildHistogram, median, medianSummary, summarizeLatencies } from './stats.ts';

export interface Target {
  readonly client: LoadClient;
  readonly source: RequestSource;
  /** The component answering the requests: the classifier, or bench.Echo. */
  readonly componentPid: number;
  readonly corePid: number;
}

interface CpuSnapshot {
  readonly atMs: number;
  readonly componentMs: number;
  readonly coreMs: number;
  readonly loadGeneratorMs: number;
  readonly answered: number;
}

function snapshot(target: Target): CpuSnapshot {
  const { user, system } = process.cpuUsage();
  return {
    atMs: performance.now(),
    componentMs: sampleProcess(target.componentPid).cpuMs,
    coreMs: sampleProcess(target.corePid).cpuMs,
    loadGeneratorMs: (user + system) / 1000,
    answered: target.client.answered,
  };
}

interface Repetition {
  readonly result: ThroughputRepetition;
  readonly cpuMsPerRequest: { component: number; core: number; loadGenerator: number };
  readonly latencies: number[];
}

/** One closed-loop repetition: throughput, latency, CPU and RSS inside its measured window. */
async function measureRepetition(
  target: Target,
  timing: { concurrency: number; warmupMs: number; durationMs: number },
): Promise<Repetition> {
  let open: CpuSnapshot | undefined;
  let close: CpuSnapshot | undefined;
  let watch: RssWatch | undefined;
  let rss: ReturnType<RssWatch['stop']> | undefined;
  let window: Awaited<ReturnType<typeof runClosedLoop>>;
  try {
    window = await runClosedLoop(
      target.client,
      target.source,
      timing.concurrency,
      timing.warmupMs,
      timing.durationMs,
      {
        onOpen: () => {
          open = snapshot(target);
          watch = new RssWatch(target.componentPid);
        },
        onClose: () => {
          close = snapshot(target);
          rss = watch?.stop();
        },
      },
    );
  } finally {
    watch?.stop();
  }
  if (!open || !close || !rss) throw new Error('the measured window never opened or closed');
  const ok = window.outcomes.filter((outcome) => outcome.status === 'ok');
  const latencies = ok.map((outcome) => outcome.latencyMs);
  const wallMs = close.atMs - open.atMs;
  const answered = Math.max(1, close.answered - open.answered);
  const used = {
    component: close.componentMs - open.componentMs,
    core: close.coreMs - open.coreMs,
    loadGenerator: close.loadGeneratorMs - open.loadGeneratorMs,
  };
  return {
    latencies,
    cpuMsPerRequest: {
      component: used.component / answered,
      core: used.core / answered,
      loadGenerator: used.loadGenerator / answered,
    },
    result: {
      perSecond: ok.length / (window.windowMs / 1000),
      latency: summarizeLatencies(latencies),
      errors: countErrors(window.outcomes),
      cpu: {
        componentCores: used.component / wallMs,
        coreCores: used.core / wallMs,
        loadGeneratorCores: used.loadGenerator / wallMs,
      },
      rss: { startBytes: rss.start.rssBytes, peakBytes: rss.peakRssBytes, endBytes: rss.end.rssBytes },
    },
  };
}

export async function measureThroughput(
  target: Target,
  timing: { concurrency: number; warmupMs: number; durationMs: number; repetitions: number },
): Promise<ThroughputResult> {
  const measured: Repetition[] = [];
  const watch = new RssWatch(target.componentPid);
  let rss: ReturnType<RssWatch['stop']>;
  try {
    for (let rep = 0; rep < timing.repetitions; rep++) measured.push(await measureRepetition(target, timing));
  } finally {
    rss = watch.stop();
  }
  const repetitions = measured.map((m) => m.result);
  const perRequest = measured.map((m) => m.cpuMsPerRequest);
  const allLatencies = measured.flatMap((m) => m.latencies);
  const medianOf = (pick: (cpu: CpuShare) => number) => median(repetitions.map((r) => pick(r.cpu)));
  return {
    concurrency: timing.concurrency,
    repetitions,
    median: {
      perSecond: median(repetitions.map((r) => r.perSecond)),
      latency: medianSummary(repetitions.map((r) => r.latency)),
      cpu: {
        componentCores: medianOf((cpu) => cpu.componentCores),
        coreCores: medianOf((cpu) => cpu.coreCores),
        loadGeneratorCores: medianOf((cpu) => cpu.loadGeneratorCores),
      },
      cpuMsPerRequest: {
        component: median(perRequest.map((p) => p.component)),
        core: median(perRequest.map((p) => p.core)),
        loadGenerator: median(perRequest.map((p) => p.loadGenerator)),
      },
    },
    rss: { startBytes: rss.start.rssBytes, peakBytes: rss.peakRssBytes, endBytes: rss.end.rssBytes },
    histogram: buildHistogram(allLatencies),
  };
}

export async function measureOverload(
  target: Target,
  settings: { ratePerSecond: number; durationMs: number; maxQueue: number; throughputPerSecond: number },
): Promise<OverloadResult> {
  const outcomes = await runOpenLoop(
    target.client,
    target.source,
    settings.ratePerSecond,
    settings.durationMs,
  );
  const latencies = (status: (s: string) => boolean) =>
    summarizeLatencies(outcomes.filter((o) => status(o.status)).map((o) => o.latencyMs));
  return {
    ratePerSecond: settings.ratePerSecond,
    durationMs: settings.durationMs,
    maxQueue: settings.maxQueue,
    sent: outcomes.length,
    byStatus: countByStatus(outcomes),
    busyLatency: latencies((s) => s === 'BUSY'),
    acceptedLatency: latencies((s) => s === 'ok'),
    queueDrainMs: (settings.maxQueue / settings.throughputPerSecond) * 1000,
  };
}

/** Keeps the classifier loaded until it has answered `answered` requests in all. */
export function soak(target: Target, concurrency: number, answered: number): Promise<void> {
  return runUntilAnswered(target.client, target.source, concurrency, answered);
}

function countByStatus(outcomes: readonly Outcome[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { status } of outcomes) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

function countErrors(outcomes: readonly Outcome[]): Record<string, number> {
  const { ok: _ok, ...errors } = countByStatus(outcomes);
  return errors;
}
