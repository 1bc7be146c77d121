// Messages between the classifier and its inference worker. Tensors travel in the transfer
// list (moved, not copied); every request carries an id that its answer echoes.

/** Given to the worker at start (workerData). */
export interface WorkerInit {
  /** The verified ONNX model; the worker builds its session from these bytes. */
  readonly modelBytes: Uint8Array;
  readonly inputName: string;
  readonly outputName: string;
  /** One item's input shape without the batch dimension: [3, height, width]. */
  readonly itemShape: readonly [number, number, number];
  readonly classCount: number;
  readonly intraOpThreads: number;
  /**
   * Intra-op threads for a batch of one sent while nothing else waits: more than
   * `intraOpThreads` gives the worker a second session, so a lone request uses the idle cores.
   */
  readonly loneItemThreads: number;
}

export type ToWorker =
  /** `input` holds `batchSize` items laid out as [N, 3, H, W] float32. */
  /** `alone`: nothing else waits, the lone-item session may run it. */
  | {
      readonly type: 'infer';
      readonly id: number;
      readonly batchSize: number;
      readonly input: Float32Array;
      readonly alone: boolean;
    }
  /** Finish queued work, release the session, exit. */
  | { readonly type: 'close' };

export type FromWorker =
  /** Posted once, after the session loaded and one warm-up run finished. */
  | { readonly type: 'ready'; readonly loadMs: number; readonly warmupMs: number }
  | { readonly type: 'load-failed'; readonly message: string }
  /**
   * `logits` is [N, classCount] float32. `input` is the request's input, moved back so its
   * buffer can be filled again (no allocation per batch).
   */
  | {
      readonly type: 'result';
      readonly id: number;
      readonly batchSize: number;
      readonly logits: Float32Array;
      readonly input: Float32Array;
      readonly inferMs: number;
      /** Intra-op threads of the session that ran it. */
      readonly threads: number;
    }
  | { readonly type: 'failed'; readonly id: number; readonly input: Float32Array; readonly message: string };

export const itemLength = (shape: WorkerInit['itemShape']): number => shape[0] * shape[1] * shape[2];
