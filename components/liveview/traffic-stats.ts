// Latency and throughput over time, and counts per error code (pure, fixed memory). Time is cut
// into buckets of BUCKET_MS; each keeps its result and error counts and a histogram of latencies
// in bins growing by LATENCY_BIN_RATIO, so p50 and p99 cost the same memory at 1 result per
// second or 1,000 (read to within half a bin, about 7%). Only the last BUCKETS buckets are kept.

export const BUCKET_MS = 1_000;
/** Five minutes of one-second buckets: what the plots span. */
export const BUCKETS = 300;
export const LATENCY_BIN_RATIO = 1.15;
/** The first bin's upper bound; the last bin takes everything above the second-to-last. */
export const SMALLEST_LATENCY_MS = 0.1;
export const LATENCY_BINS = 112;
/** Distinct error codes counted by name; more are counted together as OTHER (codes come from untrusted replies). */
export const MAX_ERROR_CODES = 32;
export const OTHER_CODE = 'OTHER';
/** How a request with no reply within ReplyWaitMs is counted among the error codes. */
export const NO_REPLY_CODE = 'NO_REPLY';

export interface BucketPoint {
  /** The bucket's start, ms since the epoch. */
  readonly t: number;
  readonly results: number;
  readonly errors: number;
  /** Undefined when the bucket has no latency. */
  readonly p50?: number;
  readonly p99?: number;
}

export interface StatsSnapshot {
  readonly bucketMs: number;
  readonly points: readonly BucketPoint[];
  readonly totals: { readonly results: number; readonly ok: number; readonly errors: number };
  readonly errorCodes: Readonly<Record<string, number>>;
}

interface Bucket {
  index: number;
  results: number;
  errors: number;
  latencies: Uint32Array | undefined;
}

/** The bin a latency falls in: bin k holds (upper(k-1), upper(k)]. */
export function latencyBin(latencyMs: number): number {
  if (!(latencyMs > SMALLEST_LATENCY_MS)) return 0;
  const bin = Math.ceil(Math.log(latencyMs / SMALLEST_LATENCY_MS) / Math.log(LATENCY_BIN_RATIO) - 1e-9);
  return Math.min(LATENCY_BINS - 1, bin);
}

/** The middle of a bin (geometric), as the latency it stands for. */
export function binLatency(bin: number): number {
  return SMALLEST_LATENCY_MS * LATENCY_BIN_RATIO ** (bin - 0.5);
}

/** The latency below which `fraction` of the histogram's samples lie. */
export function percentile(histogram: Uint32Array, fraction: number): number | undefined {
  let total = 0;
  for (const count of histogram) total += count;
  if (total === 0) return undefined;
  const rank = Math.max(1, Math.ceil(fraction * total));
  let seen = 0;
  for (let bin = 0; bin < histogram.length; bin += 1) {
    seen += histogram[bin] ?? 0;
    if (seen >= rank) return binLatency(bin);
  }
  return undefined;
}

export class TrafficStats {
  readonly #buckets: Bucket[] = [];
  readonly #errorCodes = new Map<string, number>();
  #results = 0;
  #errors = 0;

  /** A settled request: ok with its latency, or an error code (latency if it has one). */
  record(nowMs: number, outcome: { readonly code?: string; readonly latencyMs?: number }): void {
    const bucket = this.#bucketAt(nowMs);
    bucket.results += 1;
    this.#results += 1;
    if (outcome.code !== undefined) {
      bucket.errors += 1;
      this.#errors += 1;
      const code =
        this.#errorCodes.has(outcome.code) || this.#errorCodes.size < MAX_ERROR_CODES
          ? outcome.code
          : OTHER_CODE;
      this.#errorCodes.set(code, (this.#errorCodes.get(code) ?? 0) + 1);
    }
    if (outcome.latencyMs !== undefined && Number.isFinite(outcome.latencyMs)) {
      bucket.latencies ??= new Uint32Array(LATENCY_BINS);
      const bin = latencyBin(outcome.latencyMs);
      bucket.latencies[bin] = (bucket.latencies[bin] ?? 0) + 1;
    }
  }

  snapshot(nowMs: number): StatsSnapshot {
    const newest = Math.floor(nowMs / BUCKET_MS);
    const points = this.#buckets
      .filter((bucket) => bucket.index > newest - BUCKETS)
      .map((bucket) => {
        const p50 = bucket.latencies && percentile(bucket.latencies, 0.5);
        const p99 = bucket.latencies && percentile(bucket.latencies, 0.99);
        return {
          t: bucket.index * BUCKET_MS,
          results: bucket.results,
          errors: bucket.errors,
          ...(p50 === undefined ? {} : { p50 }),
          ...(p99 === undefined ? {} : { p99 }),
        };
      });
    return {
      bucketMs: BUCKET_MS,
      points,
      totals: { results: this.#results, ok: this.#results - this.#errors, errors: this.#errors },
      errorCodes: Object.fromEntries(this.#errorCodes),
    };
  }

  #bucketAt(nowMs: number): Bucket {
    const index = Math.floor(nowMs / BUCKET_MS);
    const last = this.#buckets.at(-1);
    if (last && last.index >= index) return last; // a clock step back lands in the newest bucket
    const bucket: Bucket = { index, results: 0, errors: 0, latencies: undefined };
    this.#buckets.push(bucket);
    while (this.#buckets.length > 0 && (this.#buckets[0]?.index ?? index) <= index - BUCKETS)
      this.#buckets.shift();
    return bucket;
  }
}
