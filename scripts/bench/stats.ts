// Summary statistics for the benchmark (pure): nearest-rank percentiles, medians across
// repetitions, and a latency histogram with fixed bucket edges so runs compare bucket by bucket.

export interface LatencySummary {
  readonly count: number;
  readonly meanMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

/** Nearest-rank percentile of ascending `sorted` values; NaN when empty. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] as number;
}

export function summarizeLatencies(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    meanMs: sorted.length === 0 ? Number.NaN : total / sorted.length,
    p50Ms: percentile(sorted, 0.5),
    p90Ms: percentile(sorted, 0.9),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length === 0 ? Number.NaN : (sorted[sorted.length - 1] as number),
  };
}

/** Median of the values (mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Field-wise median of several summaries of the same measurement (one per repetition). */
export function medianSummary(summaries: readonly LatencySummary[]): LatencySummary {
  const of = (pick: (summary: LatencySummary) => number): number => median(summaries.map(pick));
  return {
    count: of((s) => s.count),
    meanMs: of((s) => s.meanMs),
    p50Ms: of((s) => s.p50Ms),
    p90Ms: of((s) => s.p90Ms),
    p99Ms: of((s) => s.p99Ms),
    maxMs: of((s) => s.maxMs),
  };
}

/** Upper bucket edges in milliseconds; a last open bucket takes everything above. */
export const HISTOGRAM_EDGES_MS: readonly number[] = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16, 18, 20, 25, 30, 35, 40, 50, 60, 80, 100, 150, 200, 300, 500,
  1000, 2000,
];

export interface HistogramBucket {
  /** Lower edge (exclusive, except 0) and upper edge (inclusive; Infinity for the last bucket). */
  readonly fromMs: number;
  readonly toMs: number;
  readonly count: number;
}

export function buildHistogram(
  values: readonly number[],
  edgesMs: readonly number[] = HISTOGRAM_EDGES_MS,
): HistogramBucket[] {
  const counts = new Array<number>(edgesMs.length + 1).fill(0);
  for (const value of values) {
    let bucket = edgesMs.findIndex((edge) => value <= edge);
    if (bucket === -1) bucket = edgesMs.length;
    counts[bucket] = (counts[bucket] as number) + 1;
  }
  return counts.map((count, index) => ({
    fromMs: index === 0 ? 0 : (edgesMs[index - 1] as number),
    toMs: index < edgesMs.length ? (edgesMs[index] as number) : Number.POSITIVE_INFINITY,
    count,
  }));
}

/** Text bars, one line per bucket between the first and last non-empty ones. */
export function renderHistogram(buckets: readonly HistogramBucket[], widthChars = 50): string {
  const first = buckets.findIndex((bucket) => bucket.count > 0);
  if (first === -1) return '(no samples)\n';
  const last = buckets.length - 1 - [...buckets].reverse().findIndex((bucket) => bucket.count > 0);
  const shown = buckets.slice(first, last + 1);
  const most = Math.max(...shown.map((bucket) => bucket.count));
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  return shown
    .map((bucket) => {
      const range = `${bucket.fromMs}-${Number.isFinite(bucket.toMs) ? bucket.toMs : '...'} ms`;
      const bar = '#'.repeat(Math.round((bucket.count / most) * widthChars));
      const share = ((bucket.count / total) * 100).toFixed(1);
      return `${range.padStart(13)} ${String(bucket.count).padStart(7)} ${share.padStart(5)}% ${bar}`;
    })
    .join('\n')
    .concat('\n');
}
