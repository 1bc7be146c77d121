import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../../scripts/bench/result.ts';
import { summarizeLatencies } from '../../scripts/bench/stats.ts';
import { judgeTargets } from '../../scripts/bench/targets.ts';

const MB = 1024 * 1024;
const cost = (wallMs: number, cpuMs = wallMs) => ({ wallMs, cpuMs });
const latencies = (p50: number) => summarizeLatencies([p50, p50, p50 * 1.5]);

function throughputOf(perSecond: number): BenchResult['throughput'] {
  return {
    concurrency: 16,
    repetitions: [],
    median: {
      perSecond,
      latency: latencies(60),
      cpu: { componentCores: 1.8, coreCores: 0.1, loadGeneratorCores: 0.1 },
      cpuMsPerRequest: { component: 8, core: 0.5, loadGenerator: 0.5 },
    },
    rss: { startBytes: 90 * MB, peakBytes: 100 * MB, endBytes: 95 * MB },
    histogram: [],
  };
}

function result(
  overrides: { perSecond?: number; rssAt10k?: number; growth?: number; answered?: number } = {},
): BenchResult {
  const answered = overrides.answered ?? 10_000;
  const samples = [5_000, 10_000]
    .filter((n) => n <= answered)
    .map((n) => ({
      answered: n,
      rssBytes:
        n === 10_000
          ? (overrides.rssAt10k ?? 100 * MB)
          : (overrides.rssAt10k ?? 100 * MB) - (overrides.growth ?? 0),
    }));
  return {
    startedAt: '2026-11-24T00:00:00Z',
    machine: {
      cpuModel: 'x',
      cores: 2,
      memoryGiB: 1,
      node: '20',
      loadAverageAtStart: [0],
      loadAverageAtEnd: [0],
    },
    photos: { directory: '/p', count: 100, form: 'path' },
    classifierConfig: {},
    reference: {
      decodeOnly: cost(5),
      decodeInParallel: cost(2.5, 5),
      parallelDecodes: 4,
      inference: {
        oneThread: cost(3),
        twoThreads: cost(2.5, 4),
        batchOneThread: cost(2.8),
        batchTwoThreads: cost(1.6, 3),
        batchSize: 8,
      },
      boundPerSecond: 250,
      batchedBoundPerSecond: 256,
      naivePerSecond: 180,
      naiveCpuMsPerPhoto: 11,
    },
    ipcOnly: { unloaded: latencies(0.5), loaded: throughputOf(1000) },
    startToRunningMs: [900, 1000],
    unloaded: latencies(8),
    unloadedInside: { decodeMs: 5, inferMs: 2.5, totalMs: 7.8 },
    throughput: throughputOf(overrides.perSecond ?? 220),
    overload: {
      ratePerSecond: 440,
      durationMs: 1000,
      maxQueue: 64,
      sent: 440,
      byStatus: { ok: 220, BUSY: 220 },
      busyLatency: latencies(2),
      acceptedLatency: latencies(250),
      queueDrainMs: 290,
    },
    memory: {
      rssAtRunningBytes: 90 * MB,
      floorRssBytes: 80 * MB,
      samples,
      answered,
      finalRssBytes: 100 * MB,
      lifetimePeakRssBytes: 110 * MB,
    },
    integrity: { lost: 0, unmatched: 0 },
  };
}

describe('issue 7 targets', () => {
  it('passes a run that meets every target', () => {
    const verdicts = judgeTargets(result());
    expect(verdicts.map((v) => v.met)).toEqual(verdicts.map(() => true));
    expect(verdicts).toHaveLength(8);
  });

  it('fails throughput under 85% of the bound and under 1.2x naive', () => {
    const verdicts = judgeTargets(result({ perSecond: 200 }));
    expect(verdicts.find((v) => v.target.includes('bound'))?.met).toBe(false);
    expect(verdicts.find((v) => v.target.includes('naive'))?.met).toBe(false);
  });

  it('fails memory above 128 MB or growing more than 4 MB from the 5,000th request', () => {
    const memory = (r: BenchResult) => judgeTargets(r).find((v) => v.target.startsWith('RSS'));
    expect(memory(result({ rssAt10k: 130 * MB }))?.met).toBe(false);
    expect(memory(result({ growth: 5 * MB }))?.met).toBe(false);
    expect(memory(result({ growth: 3 * MB }))?.met).toBe(true);
  });

  it('cannot judge memory in a run shorter than 10,000 requests', () => {
    const verdict = judgeTargets(result({ answered: 6_000 })).find((v) => v.target.startsWith('RSS'));
    expect(verdict?.met).toBeUndefined();
    expect(verdict?.measured).toContain('only 6000 requests');
  });
});
