import { describe, expect, it } from 'vitest';
import type { BenchResult } from '../../scripts/bench/result.ts';
import { summarizeLatencies } from '../../scripts/bench/stats.ts';
import { judgeTargets, perSecondBound } from '../../scripts/bench/targets.ts';

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
      classifierNode: '24',
      loadAverageAtStart: [0],
      loadAverageAtEnd: [0],
    },
    photos: { directory: '/p', count: 100, form: 'path' },
    classifierConfig: {},
    reference: {
      decodeOnly: cost(5),
      decodeInParallel: cost(2.5, 5),
      parallelDecodes: 4,
      naiveDecode: cost(6.5),
      jpeg: { preprocessCpuMs: 2.5, decodeCpuMs: 2, photos: 100 },
      inference: {
        oneThread: cost(3),
        twoThreads: cost(2.5, 4),
        batchOneThread: cost(2.8),
        batchTwoThreads: cost(1.6, 3),
        batchSize: 8,
      },
      cheapestInferenceCpuMs: 2.5,
      physicalBoundPerSecond: 400,
      productBoundPerSecond: 266.7,
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

describe('bench targets', () => {
  it('passes a run that meets every target', () => {
    const verdicts = judgeTargets(result());
    expect(verdicts.map((v) => v.met)).toEqual(verdicts.map(() => true));
    expect(verdicts).toHaveLength(9);
  });

  it('fails throughput under 0.45x the physical bound and under 1.2x naive', () => {
    const verdicts = judgeTargets(result({ perSecond: 170 }));
    expect(verdicts.find((v) => v.target.includes('physical bound'))?.met).toBe(false);
    expect(verdicts.find((v) => v.target.includes('naive in-process'))?.met).toBe(false);
  });

  it.each<[string, (r: BenchResult) => BenchResult]>([
    // limit: naive decode 6.5 + 1-thread inference 3 = 9.5 ms
    ['unloaded p50 <=', (r) => ({ ...r, unloaded: latencies(9.6) })],
    ['unloaded p99 <=', (r) => ({ ...r, unloaded: summarizeLatencies([8, 8, 8, 8, 17, 17]) })],
    // 5 ms of preprocessing against 2.5 ms for libjpeg-turbo is 2.0x: at the limit
    [
      'preprocessing CPU per photo',
      (r) => ({ ...r, reference: r.reference && { ...r.reference, decodeOnly: cost(5.1) } }),
    ],
    ['process start to RUNNING', (r) => ({ ...r, startToRunningMs: [900, 1600] })],
    ['BUSY at once', (r) => ({ ...r, overload: { ...r.overload, busyLatency: latencies(9) } })],
    ['BUSY at once', (r) => ({ ...r, overload: { ...r.overload, byStatus: { ok: 440 } } })],
    ['accepted p99', (r) => ({ ...r, overload: { ...r.overload, acceptedLatency: latencies(300) } })],
  ])('fails the "%s" target when the run misses it, and only that one', (target, miss) => {
    const verdicts = judgeTargets(miss(result()));
    expect(verdicts.filter((v) => v.met === false).map((v) => v.target)).toEqual([
      expect.stringContaining(target),
    ]);
  });

  it('takes the physical bound from the reference points of the same run', () => {
    const run = result({ perSecond: 220 });
    const bound = (r: BenchResult) => judgeTargets(r).find((v) => v.target.includes('physical bound'));
    expect(bound(run)?.met).toBe(true); // 220 >= 0.45 x 400
    const reference = run.reference;
    if (!reference) throw new Error('the fixture run has reference points');
    const faster = { ...run, reference: { ...reference, physicalBoundPerSecond: 500 } };
    expect(bound(faster)?.met).toBe(false); // 220 < 0.45 x 500
  });

  it('leaves the libjpeg-turbo targets unjudged, saying why, when the reference could not be built', () => {
    const run = result();
    const reference = run.reference;
    if (!reference) throw new Error('the fixture run has reference points');
    const verdicts = judgeTargets({
      ...run,
      reference: { ...reference, jpeg: { unavailable: 'no cc' }, physicalBoundPerSecond: undefined },
    });
    const unjudged = verdicts.filter((v) => v.met === undefined);
    expect(unjudged.map((v) => v.target)).toEqual([
      expect.stringContaining('preprocessing'),
      expect.stringContaining('physical bound'),
    ]);
    expect(unjudged[0]?.measured).toContain('no cc');
  });

  it('fails memory above 140 MB or growing more than 4 MB from the 5,000th request', () => {
    const memory = (r: BenchResult) => judgeTargets(r).find((v) => v.target.startsWith('classifier RSS'));
    expect(memory(result({ rssAt10k: 141 * MB }))?.met).toBe(false);
    expect(memory(result({ rssAt10k: 139 * MB }))?.met).toBe(true);
    expect(memory(result({ growth: 5 * MB }))?.met).toBe(false);
    expect(memory(result({ growth: 3 * MB }))?.met).toBe(true);
  });

  it('cannot judge memory in a run shorter than 10,000 requests', () => {
    const verdict = judgeTargets(result({ answered: 6_000 })).find((v) =>
      v.target.startsWith('classifier RSS'),
    );
    expect(verdict?.met).toBeUndefined();
    expect(verdict?.measured).toContain('only 6000 requests');
  });

  it('bounds throughput by the cores over the CPU cost of preprocessing plus inference', () => {
    expect(perSecondBound(2, 1.5, 2.3)).toBeCloseTo(526.3, 1); // 2 / (1.5 + 2.3) ms
    expect(perSecondBound(4, 5, 3)).toBe(500);
  });
});
