import { describe, expect, it } from 'vitest';
import { statCpuTicks, statusKilobytes } from '../../scripts/bench/process-stats.ts';
import {
  buildHistogram,
  median,
  medianSummary,
  percentile,
  renderHistogram,
  summarizeLatencies,
} from '../../scripts/bench/stats.ts';

describe('bench statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.9)).toBe(90);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile(values, 1)).toBe(100);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBeNaN();
  });

  it('summarises unsorted latencies', () => {
    expect(summarizeLatencies([5, 1, 3, 2, 4])).toEqual({
      count: 5,
      meanMs: 3,
      p50Ms: 3,
      p90Ms: 5,
      p99Ms: 5,
      maxMs: 5,
    });
  });

  it('takes medians of values and of summaries field by field', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    const a = summarizeLatencies([1, 2, 3]);
    const b = summarizeLatencies([10, 20, 30]);
    const c = summarizeLatencies([4, 5, 6]);
    expect(medianSummary([a, b, c])).toMatchObject({ p50Ms: 5, maxMs: 6, count: 3 });
  });

  it('counts values into fixed buckets, the last one open', () => {
    const buckets = buildHistogram([0.5, 1, 1.5, 2500], [1, 2]);
    expect(buckets).toEqual([
      { fromMs: 0, toMs: 1, count: 2 },
      { fromMs: 1, toMs: 2, count: 1 },
      { fromMs: 2, toMs: Number.POSITIVE_INFINITY, count: 1 },
    ]);
    const text = renderHistogram(buckets, 10);
    expect(text.split('\n')[0]).toContain('##########');
    expect(text).toContain('2-... ms');
  });
});

describe('/proc parsing', () => {
  it('reads kB fields of /proc/<pid>/status', () => {
    const status = 'Name:\tnode\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n';
    expect(statusKilobytes(status, 'VmRSS')).toBe(102400);
    expect(statusKilobytes(status, 'VmHWM')).toBe(204800);
    expect(() => statusKilobytes(status, 'VmSwap')).toThrow(/VmSwap/);
  });

  it('adds utime and stime of /proc/<pid>/stat, even with spaces and parentheses in comm', () => {
    const stat = '4242 (node (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 11 0';
    expect(statCpuTicks(stat)).toBe(1234 + 567);
  });
});
