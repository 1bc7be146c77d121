// The bench's targets, judged against one run's figures (pure). Each is named by what it
// measures; the thresholds are the ones the README's Benchmarks section states.
import type { BenchResult } from './result.ts';
import { median } from './stats.ts';

/** Product preprocessing CPU per photo over libjpeg-turbo's decode + resize (+ crop, normalise). */
export const MAX_PREPROCESS_TO_LIBJPEG = 2;
/** Throughput through IPC over the physical bound (libjpeg-turbo + batched inference). */
export const MIN_SHARE_OF_PHYSICAL_BOUND = 0.45;
export const MIN_RATIO_TO_NAIVE = 1.2;
export const MAX_P99_TO_P50 = 2;
export const MAX_START_TO_RUNNING_MS = 1500;
export const MAX_RSS_BYTES = 140 * 1024 * 1024;
export const MEMORY_TARGET_REQUESTS = 10_000;
export const MEMORY_FLAT_FROM_REQUESTS = 5_000;
/** "Flat": RSS between the 5,000th and the 10,000th request grows by at most this much. */
export const MAX_FLAT_GROWTH_BYTES = 4 * 1024 * 1024;
/** "At once": a BUSY reply comes back faster than one unloaded classification. */
export const BUSY_AT_ONCE_FACTOR = 1;
/** "Bounded": accepted p99 within this multiple of the time a full queue takes to drain. */
export const MAX_ACCEPTED_P99_TO_DRAIN = 1.5;

/** Photos per second `cores` could classify doing nothing but preprocess and infer (CPU ms each). */
export const perSecondBound = (cores: number, preprocessCpuMs: number, inferCpuMs: number): number =>
  (cores * 1000) / (preprocessCpuMs + inferCpuMs);

export interface TargetVerdict {
  readonly target: string;
  readonly measured: string;
  /** undefined when this run could not judge it (e.g. a quick run, or no reference points). */
  readonly met: boolean | undefined;
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function judgeTargets(result: BenchResult): TargetVerdict[] {
  const { reference, throughput, unloaded, overload, memory } = result;
  const rate = throughput.median.perSecond;
  const verdicts: TargetVerdict[] = [];
  if (reference) {
    const { jpeg } = reference;
    const preprocessTarget = `preprocessing CPU per photo <= ${MAX_PREPROCESS_TO_LIBJPEG}x libjpeg-turbo decode + resize`;
    const boundTarget = `throughput >= ${MIN_SHARE_OF_PHYSICAL_BOUND}x the physical bound (libjpeg-turbo + batched inference)`;
    if ('unavailable' in jpeg) {
      const measured = `no libjpeg-turbo reference (${jpeg.unavailable})`;
      verdicts.push({ target: preprocessTarget, measured, met: undefined });
      verdicts.push({ target: boundTarget, measured, met: undefined });
    } else {
      const ratio = reference.decodeOnly.cpuMs / jpeg.preprocessCpuMs;
      verdicts.push({
        target: preprocessTarget,
        measured: `${ms(reference.decodeOnly.cpuMs)} = ${ratio.toFixed(2)}x ${ms(jpeg.preprocessCpuMs)}`,
        met: ratio <= MAX_PREPROCESS_TO_LIBJPEG,
      });
      const bound = reference.physicalBoundPerSecond as number;
      const share = rate / bound;
      verdicts.push({
        target: boundTarget,
        measured: `${rate.toFixed(1)}/s = ${share.toFixed(2)}x ${bound.toFixed(1)}/s`,
        met: share >= MIN_SHARE_OF_PHYSICAL_BOUND,
      });
    }
    const ratio = rate / reference.naivePerSecond;
    verdicts.push({
      target: `throughput >= ${MIN_RATIO_TO_NAIVE}x the naive in-process pipeline`,
      measured: `${ratio.toFixed(2)}x ${reference.naivePerSecond.toFixed(1)}/s`,
      met: ratio >= MIN_RATIO_TO_NAIVE,
    });
    const limit = reference.naiveDecode.wallMs + reference.inference.oneThread.wallMs;
    verdicts.push({
      target: 'unloaded p50 <= naive sharp decode + one 1-thread inference, in process',
      measured: `${ms(unloaded.p50Ms)} (limit ${ms(limit)}; IPC round trip alone ${ms(result.ipcOnly.unloaded.p50Ms)})`,
      met: unloaded.p50Ms <= limit,
    });
  }
  verdicts.push({
    target: `unloaded p99 <= ${MAX_P99_TO_P50}x p50`,
    measured: `${ms(unloaded.p99Ms)} = ${(unloaded.p99Ms / unloaded.p50Ms).toFixed(2)}x`,
    met: unloaded.p99Ms <= MAX_P99_TO_P50 * unloaded.p50Ms,
  });
  const starts = result.startToRunningMs;
  verdicts.push({
    target: `process start to RUNNING <= ${MAX_START_TO_RUNNING_MS} ms`,
    measured: `median ${ms(median(starts))}, max ${ms(Math.max(...starts))} (${starts.length} starts)`,
    met: Math.max(...starts) <= MAX_START_TO_RUNNING_MS,
  });
  verdicts.push(judgeMemory(memory));
  const busyLimit = BUSY_AT_ONCE_FACTOR * unloaded.p50Ms;
  verdicts.push({
    target: `beyond MaxQueue: BUSY at once (p99 <= ${BUSY_AT_ONCE_FACTOR}x unloaded p50)`,
    measured: `${overload.byStatus.BUSY ?? 0} BUSY, p99 ${ms(overload.busyLatency.p99Ms)}`,
    met: (overload.byStatus.BUSY ?? 0) > 0 && overload.busyLatency.p99Ms <= busyLimit,
  });
  const drainLimit = MAX_ACCEPTED_P99_TO_DRAIN * overload.queueDrainMs;
  verdicts.push({
    target: `beyond MaxQueue: accepted p99 <= ${MAX_ACCEPTED_P99_TO_DRAIN}x queue drain time`,
    measured: `p99 ${ms(overload.acceptedLatency.p99Ms)}, max ${ms(overload.acceptedLatency.maxMs)} (drain ${ms(overload.queueDrainMs)})`,
    met: overload.acceptedLatency.p99Ms <= drainLimit,
  });
  return verdicts;
}

function judgeMemory(memory: BenchResult['memory']): TargetVerdict {
  const at = (answered: number) => memory.samples.find((sample) => sample.answered >= answered);
  const end = at(MEMORY_TARGET_REQUESTS);
  const from = at(MEMORY_FLAT_FROM_REQUESTS);
  const target = `classifier RSS <= ${mb(MAX_RSS_BYTES)} after ${MEMORY_TARGET_REQUESTS} requests, flat from ${MEMORY_FLAT_FROM_REQUESTS}`;
  if (!end || !from) {
    const last = memory.samples.at(-1);
    return {
      target,
      measured: `only ${memory.answered} requests in this run${last ? `: ${mb(last.rssBytes)} after ${last.answered}` : ''}`,
      met: undefined,
    };
  }
  const growth = end.rssBytes - from.rssBytes;
  return {
    target,
    measured: `${mb(end.rssBytes)} after ${end.answered}; ${growth >= 0 ? '+' : ''}${mb(growth)} since ${from.answered} (stack floor ${mb(memory.floorRssBytes)})`,
    met: end.rssBytes <= MAX_RSS_BYTES && growth <= MAX_FLAT_GROWTH_BYTES,
  };
}
