// Messages between the classifier and its inference worker. Tensors travel in the transfer
// list (moved, not copied); every request carries an id that its answer echoes.
import type { CardTensors } from '../model/card-signature.ts';
import type { TensorData } from '../preprocess/write-tensor.ts';

/** Given to the worker at start (workerData). */
export interface WorkerInit {
  /** The verified ONNX model; the worker builds its session from these bytes. */
  readonly modelBytes: Uint8Array;
  /** The card's input and output: checked against the session's metadata before warm-up. */
  readonly card: CardTensors;
  readonly intraOpThreads: number;
  /**
   * Intra-op threads for a batch of one sent while nothing else waits: more than
   * `intraOpThreads` gives the worker a second session, so a lone request uses the idle cores.
   */
  readonly loneItemThreads: number;
}

export type ToWorker =
  /** `input` holds `batchSize` items in the card's layout and element type. */
  /** `alone`: nothing else waits, the lone-item session may run it. */
  | {
      readonly type: 'infer';
      readonly id: number;
      readonly batchSize: number;
      readonly input: TensorData;
      readonly alone: boolean;
    }
  /** Finish queued work, release the session, exit. */
  | { readonly type: 'close' };

export type FromWorker =
  /**
   * Posted once, after the session loaded and one warm-up run finished. `batchLimit`: the
   * model's fixed batch size, when it has one.
   */
  | {
      readonly type: 'ready';
      readonly loadMs: number;
      readonly warmupMs: number;
      readonly batchLimit: number | undefined;
    }
  | { readonly type: 'load-failed'; readonly message: string }
  /** The card contradicts the model's own metadata (card-signature.ts); the worker exits. */
  | { readonly type: 'card-mismatch'; readonly problems: readonly string[] }
  /**
   * `logits` is [N, classCount] float32. `input` is the request's input, moved back so its
   * buffer can be filled again (no allocation per batch).
   */
  | {
      readonly type: 'result';
      readonly id: number;
      readonly batchSize: number;
      readonly logits: Float32Array;
      readonly input: TensorData;
      readonly inferMs: number;
      /** Intra-op threads of the session that ran it. */
      readonly threads: number;
    }
  | { readonly type: 'failed'; readonly id: number; readonly input: TensorData; readonly message: string };

/** One item's input shape without the batch dimension, in the card's layout. */
export function itemShape(card: CardTensors): [number, number, number] {
  const { height, width, layout } = card.input;
  return layout === 'NCHW' ? [3, height, width] : [height, width, 3];
}

export const itemLength = (card: CardTensors): number => 3 * card.input.height * card.input.width;

/** A zeroed tensor buffer of the card's input element type. */
export const allocateInput = (card: CardTensors, elements: number): TensorData =>
  card.input.dtype === 'uint8' ? new Uint8Array(elements) : new Float32Array(elements);
