// A model ready to answer: its verified files, its inference worker and the micro-batcher in
// front of it. Requests hold a lease while they use it, so a model replaced by a configuration
// change closes only after the requests that started on it have finished.
import type { ModelRef } from '../../contract/index.ts';
import { type BatchItemResult, type FillInput, InferenceBatcher } from '../inference/batcher.ts';
import { InferenceHost, type InferenceHostEvent } from '../inference/inference-host.ts';
import { tensorItemLength } from '../preprocess/write-tensor.ts';
import type { ClassLabel } from './labels.ts';
import { loadModel } from './load-model.ts';
import { classCount, type Preprocessing, preprocessingOf } from './model-card.ts';

/** What is fixed when a model starts; changing any of these starts a new one. */
export interface ModelSettings {
  readonly modelCardPath: string;
  readonly intraOpThreads: number;
  /** Threads for a lone request (protocol.ts WorkerInit.loneItemThreads). */
  readonly loneItemThreads: number;
  readonly maxBatchSize: number;
}

export interface RunningModel {
  readonly ref: ModelRef;
  readonly settings: ModelSettings;
  /** The card as it was when this model loaded (load-model.ts fingerprintCard). */
  readonly cardFingerprint: string;
  readonly labels: readonly ClassLabel[];
  readonly preprocessing: Preprocessing;
  /** What the output holds: logits are turned into probabilities with softmax. */
  readonly outputKind: 'logits' | 'probabilities';
  /** Runs one item in the next batch; `fill` writes its input. */
  infer(fill: FillInput): Promise<BatchItemResult>;
  /** Keeps the model open until the returned release is called. */
  lease(): () => void;
  /** Closes the worker once no lease is held. Idempotent. */
  retire(): Promise<void>;
}

export interface StartModelOptions {
  /** Inference worker lifecycle (ready, exit), e.g. for logging. */
  readonly onWorkerEvent?: (event: InferenceHostEvent) => void;
  /** Inference worker entry; default `worker.ts`/`worker.js` beside inference-host's module. */
  readonly workerUrl?: URL;
}

export const sameModelSettings = (a: ModelSettings, b: ModelSettings): boolean =>
  a.modelCardPath === b.modelCardPath &&
  a.intraOpThreads === b.intraOpThreads &&
  a.loneItemThreads === b.loneItemThreads &&
  a.maxBatchSize === b.maxBatchSize;

/** Reads and verifies the card's files and starts the inference worker; rejects with a ModelLoadError. */
export async function startModel(
  settings: ModelSettings,
  options: StartModelOptions = {},
): Promise<RunningModel> {
  const files = await loadModel(settings.modelCardPath);
  const { card } = files;
  const host = await InferenceHost.start({
    init: {
      modelBytes: files.modelBytes,
      card: { input: card.input, output: card.output },
      intraOpThreads: settings.intraOpThreads,
      loneItemThreads: settings.loneItemThreads,
    },
    ...(options.onWorkerEvent ? { onEvent: options.onWorkerEvent } : {}),
    ...(options.workerUrl ? { workerUrl: options.workerUrl } : {}),
  });
  const preprocessing = preprocessingOf(card);
  const batcher = new InferenceBatcher(host, {
    itemLength: tensorItemLength(preprocessing),
    classCount: classCount(card),
    maxBatchSize: Math.min(settings.maxBatchSize, host.batchLimit ?? settings.maxBatchSize),
    dtype: card.input.dtype,
  });

  let leases = 0;
  let retired: Promise<void> | undefined;
  let closed!: () => void;
  const closeWhenFree = (): void => {
    if (retired && leases === 0) void host.close().then(closed);
  };
  return {
    ref: Object.freeze({ name: card.name, sha256: card.model.sha256 }),
    settings,
    cardFingerprint: files.cardFingerprint,
    labels: files.labels,
    preprocessing,
    outputKind: card.output.kind,
    infer: (fill) => batcher.run(fill),
    lease() {
      leases += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        leases -= 1;
        closeWhenFree();
      };
    },
    retire() {
      if (!retired) {
        retired = new Promise<void>((resolve) => {
          closed = resolve;
        });
        closeWhenFree();
      }
      return retired;
    },
  };
}
