// The bench's targets, judged against one run's figures (pure).
import type { BenchResult } from './result.ts';
import { median } from './stats.ts';

export const MIN_SHARE_OF_BOUND = 0.85;
export const MIN_RATIO_TO_NAIVE = 1.2;
/** Unloaded p50 may exceed decode-only + 2-thread inference by this much (IPC, reply). */
export const UNLOADED_P50_SLACK_MS = 1;
export const MAX_P99_TO_P50 = 2;
export const MAX_START_TO_RUNNING_MS = 1500;
export const MAX_RSS_BYTES = 128 * 1024 * 1024;
export const MEMORY_TARGET_REQUESTS = 10_000;
export const MEMORY_FLAT_FROM_REQUESTS = 5_000;
/** "Flat": RSS between the 5,000th and the 10,000th request grows by at most this much. */
export const MAX_FLAT_GROWTH_BYTES = 4 * 1024 * 1024;
/** "At once": a BUSY reply comes back faster than one unloaded classification. */
export const BUSY_AT_ONCE_FACTOR = 1;
/** "Bounded": accepted p99 within this multiple of the time a full queue takes to drain. */
export const MAX_ACCEPTED_P99_TO_DRAIN = 1.5;

/**
 * Photos per second the cores could classify if they did nothing but decode and infer:
 * every core busy, each photo costing its decode plus its inference in CPU time.
 */
export const twoCoreBound = (cores: number, decodeCpuMs: number, inferCpuMs: number): number =>
  (cores * 1000) / (decodeCpuMs + inferCpuMs);

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
    const share = rate / reference.boundPerSecond;
    verdicts.push({
      target: `throughput >= ${MIN_SHARE_OF_BOUND * 100}% of the two-core bound`,
      measured: `${rate.toFixed(1)}/s = ${(share * 100).toFixed(0)}% of ${reference.boundPerSecond.toFixed(1)}/s`,
      met: share >= MIN_SHARE_OF_BOUND,
    });
    const ratio = rate / reference.naivePerSecond;
    verdicts.push({
      target: `throughput >= ${MIN_RATIO_TO_NAIVE}x the naive pipeline`,
      measured: `${ratio.toFixed(2)}x ${reference.naivePerSecond.toFixed(1)}/s`,
      met: ratio >= MIN_RATIO_TO_NAIVE,
    });
    const limit = reference.decodeOnly.wallMs + reference.inference.twoThreads.wallMs + UNLOADED_P50_SLACK_MS;
    verdicts.push({
      target: `unloaded p50 <= decode-only + 2-thread inference + ${UNLOADED_P50_SLACK_MS} ms`,
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
  const target = `RSS <= ${mb(MAX_RSS_BYTES)} after ${MEMORY_TARGET_REQUESTS} requests, flat from ${MEMORY_FLAT_FROM_REQUESTS}`;
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
