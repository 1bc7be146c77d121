// Micro-batching in front of the inference worker. Requests write their normalised input
// straight into a slot of the batch being formed (no per-request tensor, no copy); while the
// worker runs one batch, the next one fills up, and it is sent the moment the worker is free.
// An idle worker gets a request at once (a batch of one, marked `alone` when nothing else
// waits): batches form only when requests queue up, so batching adds no waiting. Batch buffers travel to the worker and back (moved,
// not copied) and are filled again.
//
//   run(fill) -> fill slot n of `forming` -> worker idle? send `forming` : wait
//   worker done -> resolve its items -> recycle its buffer -> send the next full or forming batch
import { toClassifierError } from '../error-codes.ts';
import type { TensorData } from '../preprocess/write-tensor.ts';
import type { InferenceHost } from './inference-host.ts';

export interface BatchItemResult {
  /** This item's row of logits. */
  readonly logits: Float32Array;
  /** The session run of the whole batch. */
  readonly inferMs: number;
  readonly batchSize: number;
}

/** Writes one item's input into `out` from element `offset` on; must not keep `out`. */
export type FillInput = (out: TensorData, offset: number) => void;

interface Batch {
  readonly input: TensorData;
  readonly items: Array<{ resolve: (result: BatchItemResult) => void; reject: (error: unknown) => void }>;
}

/** Spare batch buffers kept for reuse; more than two are only needed in bursts. */
const SPARE_BUFFERS = 2;

export class InferenceBatcher {
  readonly #host: Pick<InferenceHost, 'infer'>;
  readonly #itemLength: number;
  readonly #classCount: number;
  readonly #maxBatchSize: number;
  readonly #spare: ArrayBuffer[] = [];
  /** Full batches waiting for the worker, oldest first. */
  readonly #full: Batch[] = [];
  #forming: Batch | undefined;
  #workerBusy = false;

  readonly #dtype: 'float32' | 'uint8';

  constructor(
    host: Pick<InferenceHost, 'infer'>,
    shape: { itemLength: number; classCount: number; maxBatchSize: number; dtype: 'float32' | 'uint8' },
  ) {
    if (!Number.isInteger(shape.maxBatchSize) || shape.maxBatchSize < 1)
      throw new RangeError(`maxBatchSize must be a positive integer, got ${shape.maxBatchSize}`);
    this.#host = host;
    this.#itemLength = shape.itemLength;
    this.#classCount = shape.classCount;
    this.#maxBatchSize = shape.maxBatchSize;
    this.#dtype = shape.dtype;
  }

  /**
   * Classifies one item: `fill` writes its input synchronously into the forming batch. Resolves
   * with its logits; rejects with the worker's failure (a ClassifierError), or with what `fill`
   * threw, in which case no slot was taken.
   */
  run(fill: FillInput): Promise<BatchItemResult> {
    const batch = this.#forming ?? this.#newBatch();
    try {
      fill(batch.input, batch.items.length * this.#itemLength);
    } catch (error) {
      if (batch !== this.#forming) this.#recycle(batch.input.buffer as ArrayBuffer);
      return Promise.reject(error);
    }
    this.#forming = batch;
    const result = new Promise<BatchItemResult>((resolve, reject) => batch.items.push({ resolve, reject }));
    if (batch.items.length === this.#maxBatchSize) {
      this.#full.push(batch);
      this.#forming = undefined;
    }
    this.#sendNext();
    return result;
  }

  #newBatch(): Batch {
    return { input: this.#batchInput(this.#spare.pop()), items: [] };
  }

  /** A batch buffer of the model's input type: `buffer` reused, or a new one. */
  #batchInput(buffer: ArrayBuffer | undefined): TensorData {
    const elements = this.#maxBatchSize * this.#itemLength;
    if (this.#dtype === 'uint8') return buffer ? new Uint8Array(buffer) : new Uint8Array(elements);
    return buffer ? new Float32Array(buffer) : new Float32Array(elements);
  }

  #sendNext(): void {
    if (this.#workerBusy) return;
    const batch = this.#full.shift() ?? this.#forming;
    if (!batch) return;
    if (batch === this.#forming) this.#forming = undefined;
    this.#workerBusy = true;
    const size = batch.items.length;
    const input = batch.input.subarray(0, size * this.#itemLength);
    // A lone request with nothing behind it may use every intra-op thread: latency is all that
    // matters then; under load, batches run on fewer threads, which costs less CPU per photo.
    const alone = size === 1 && this.#full.length === 0 && this.#forming === undefined;
    this.#host.infer(input, size, alone).then(
      ({ logits, input: returned, inferMs }) => {
        this.#recycle(returned.buffer as ArrayBuffer);
        for (const [i, item] of batch.items.entries()) {
          const row = logits.subarray(i * this.#classCount, (i + 1) * this.#classCount);
          item.resolve({ logits: row, inferMs, batchSize: size });
        }
        this.#finished();
      },
      (error: unknown) => {
        const failure = toClassifierError(error);
        for (const item of batch.items) item.reject(failure);
        this.#finished();
      },
    );
  }

  #finished(): void {
    this.#workerBusy = false;
    this.#sendNext();
  }

  #recycle(buffer: ArrayBuffer): void {
    const elementBytes = this.#dtype === 'uint8' ? 1 : Float32Array.BYTES_PER_ELEMENT;
    const expectedBytes = this.#maxBatchSize * this.#itemLength * elementBytes;
    if (buffer.byteLength === expectedBytes && this.#spare.length < SPARE_BUFFERS) this.#spare.push(buffer);
  }
}
