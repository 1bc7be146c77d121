// The shape of one benchmark run, as written to reports/bench-<time>.json.
import type { CostPerPhoto } from './reference/cost.ts';
import type { JpegReference } from './reference/jpeg-reference.ts';
import type { HistogramBucket, LatencySummary } from './stats.ts';

export interface MachineInfo {
  readonly cpuModel: string;
  readonly cores: number;
  readonly memoryGiB: number;
  /** The bench's Node.js: the in-process reference points run on it. */
  readonly node: string;
  /** The Node.js the deployed classifier runs on (com.custom.NodeRuntime). */
  readonly classifierNode: string;
  readonly loadAverageAtStart: readonly number[];
  readonly loadAverageAtEnd: readonly number[];
}

export interface ReferencePoints {
  /** The product's preprocessing (decode-image.ts + write-tensor.ts), one photo at a time. */
  readonly decodeOnly: CostPerPhoto;
  /** Decode-only with `parallelDecodes` photos in flight: wall per photo halves on two full cores. */
  readonly decodeInParallel: CostPerPhoto;
  readonly parallelDecodes: number;
  /** sharp as anyone would first call it (defaults: colour transform, cache, threads) + normalise. */
  readonly naiveDecode: CostPerPhoto;
  /** libjpeg-turbo in plain C, or why this machine could not build it. */
  readonly jpeg: JpegReference | { readonly unavailable: string };
  readonly inference: {
    readonly oneThread: CostPerPhoto;
    readonly twoThreads: CostPerPhoto;
    readonly batchOneThread: CostPerPhoto;
    readonly batchTwoThreads: CostPerPhoto;
    readonly batchSize: number;
  };
  /** Inference CPU ms per photo in its cheapest measured setup (batched). */
  readonly cheapestInferenceCpuMs: number;
  /** cores x 1000 / (libjpeg-turbo preprocessing + cheapest inference), CPU ms; undefined without the reference. */
  readonly physicalBoundPerSecond: number | undefined;
  /** cores x 1000 / (the product's preprocessing + cheapest inference): what its decode allows. */
  readonly productBoundPerSecond: number;
  readonly naivePerSecond: number;
  readonly naiveCpuMsPerPhoto: number;
}

export interface CpuShare {
  /** CPU time over wall time: 1.0 is one core busy all the time. */
  readonly componentCores: number;
  readonly coreCores: number;
  readonly loadGeneratorCores: number;
}

export interface Rss {
  readonly startBytes: number;
  readonly peakBytes: number;
  readonly endBytes: number;
}

export interface ThroughputRepetition {
  readonly perSecond: number;
  readonly latency: LatencySummary;
  /** Replies other than ok in the window, by code. */
  readonly errors: Readonly<Record<string, number>>;
  readonly cpu: CpuShare;
  readonly rss: Rss;
}

/** CPU milliseconds per answered request, by process. */
export interface CpuMsPerRequest {
  readonly component: number;
  readonly core: number;
  readonly loadGenerator: number;
}

/** CPU per request of the three processes together (they share the machine's cores). */
export const totalCpuMs = (perRequest: CpuMsPerRequest): number =>
  perRequest.component + perRequest.core + perRequest.loadGenerator;

export interface ThroughputResult {
  readonly concurrency: number;
  readonly repetitions: readonly ThroughputRepetition[];
  readonly median: {
    readonly perSecond: number;
    readonly latency: LatencySummary;
    readonly cpu: CpuShare;
    readonly cpuMsPerRequest: CpuMsPerRequest;
  };
  readonly rss: Rss;
  readonly histogram: readonly HistogramBucket[];
}

export interface OverloadResult {
  readonly ratePerSecond: number;
  readonly durationMs: number;
  readonly maxQueue: number;
  readonly sent: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly busyLatency: LatencySummary;
  readonly acceptedLatency: LatencySummary;
  /** MaxQueue / measured throughput: how long a full queue takes to drain. */
  readonly queueDrainMs: number;
}

export interface MemoryResult {
  /** Classifier RSS once RUNNING, before its first request. */
  readonly rssAtRunningBytes: number;
  /** RSS of the bare stack (memory-floor.ts): no classifier can use less. */
  readonly floorRssBytes: number;
  /** Classifier RSS read every MEMORY_SAMPLE_EVERY answered requests. */
  readonly samples: ReadonlyArray<{ readonly answered: number; readonly rssBytes: number }>;
  readonly answered: number;
  readonly finalRssBytes: number;
  readonly lifetimePeakRssBytes: number;
}

export interface BenchResult {
  readonly startedAt: string;
  readonly machine: MachineInfo;
  readonly photos: { readonly directory: string; readonly count: number; readonly form: string };
  readonly classifierConfig: Readonly<Record<string, unknown>>;
  readonly reference: ReferencePoints | undefined;
  /** bench.Echo through the same core: the IPC path's own latency and cost. */
  readonly ipcOnly: { readonly unloaded: LatencySummary; readonly loaded: ThroughputResult };
  readonly startToRunningMs: readonly number[];
  readonly unloaded: LatencySummary;
  /** Medians of the classifier's own reply timings in the unloaded test. */
  readonly unloadedInside: { readonly decodeMs: number; readonly inferMs: number; readonly totalMs: number };
  readonly throughput: ThroughputResult;
  readonly overload: OverloadResult;
  readonly memory: MemoryResult;
  /** Requests that never got a reply, and replies that matched no request (should both be 0). */
  readonly integrity: { readonly lost: number; readonly unmatched: number };
}
