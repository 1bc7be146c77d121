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

export async function measureThroughput(
  target: Target,
  timing: { concurrency: number; warmupMs: number; durationMs: number; repetitions: number },
): Promise<ThroughputResult> {
  const repetitions: ThroughputRepetition[] = [];
  const perRequest: Array<{ component: number; core: number; loadGenerator: number }> = [];
  const allLatencies: number[] = [];
  const watch = new RssWatch(target.componentPid);
  for (let rep = 0; rep < timing.repetitions; rep++) {
    let open: CpuSnapshot | undefined;
    let close: CpuSnapshot | undefined;
    let repWatch: RssWatch | undefined;
    let repRss: ReturnType<RssWatch['stop']> | undefined;
    const { outcomes, windowMs } = await runClosedLoop(
      target.client,
      target.source,
      timing.concurrency,
      timing.warmupMs,
      timing.durationMs,
      {
        onOpen: () => {
          open = snapshot(target);
          repWatch = new RssWatch(target.componentPid);
        },
        onClose: () => {
          close = snapshot(target);
          repRss = repWatch?.stop();
        },
      },
    );
    if (!open || !close || !repRss) throw new Error('the measured window never opened or closed');
    const ok = outcomes.filter((outcome) => outcome.status === 'ok');
    const latencies = ok.map((outcome) => outcome.latencyMs);
    allLatencies.push(...latencies);
    const wallMs = close.atMs - open.atMs;
    const answered = Math.max(1, close.answered - open.answered);
    perRequest.push({
      component: (close.componentMs - open.componentMs) / answered,
      core: (close.coreMs - open.coreMs) / answered,
      loadGenerator: (close.loadGeneratorMs - open.loadGeneratorMs) / answered,
    });
    repetitions.push({
      perSecond: ok.length / (windowMs / 1000),
      latency: summarizeLatencies(latencies),
      errors: countErrors(outcomes),
      cpu: {
        componentCores: (close.componentMs - open.componentMs) / wallMs,
        coreCores: (close.coreMs - open.coreMs) / wallMs,
        loadGeneratorCores: (close.loadGeneratorMs - open.loadGeneratorMs) / wallMs,
      },
      rss: {
        startBytes: repRss.start.rssBytes,
        peakBytes: repRss.peakRssBytes,
        endBytes: repRss.end.rssBytes,
      },
    });
  }
  const rss = watch.stop();
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
