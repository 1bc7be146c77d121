import type { Worker } from 'node:worker_threads';
import { ClassifierError } from '../error-codes.ts';
import { ModelLoadError } from '../model/model-load-error.ts';
import type { TensorData } from '../preprocess/write-tensor.ts';
import { type FromWorker, itemLength, type ToWorker, type WorkerInit } from './protocol.ts';
import { startWorker } from './start-worker.ts';

export interface InferenceResult {
  /** [N, classCount] float32 logits. */
  readonly logits: Float32Array;
  /** The input, moved back from the worker: its buffer may be filled again. */
  readonly input: TensorData;
  readonly inferMs: number;
  /** Intra-op threads of the session that ran it. */
  readonly threads: number;
}

export type InferenceHostEvent =
  | {
      readonly type: 'worker-ready';
      readonly threadId: number;
      readonly loadMs: number;
      readonly warmupMs: number;
    }
  | {
      readonly type: 'worker-exit';
      readonly threadId: number;
      readonly exitCode: number;
      readonly failedRequests: number;
      /** True when the worker died while serving and a new one is starting; false on close or a failed start. */
      readonly restarting: boolean;
      readonly error?: unknown;
    };

export interface InferenceHostOptions {
  readonly init: WorkerInit;
  /** Worker entry; defaults to defaultWorkerUrl() (source or bundled layout). */
  readonly workerUrl?: URL;
  /** How long close() waits for the worker to finish queued work before terminating it. */
  readonly closeGraceMs?: number;
  readonly onEvent?: (event: InferenceHostEvent) => void;
}

export const DEFAULT_CLOSE_GRACE_MS = 5_000;

/**
 * The worker entry for the module at `moduleUrl`: from source, `worker.ts` beside this file;
 * bundled, every module shares the entry's URL (`main.js` at the artifact root) and the worker
 * is `inference/worker.js` beside it (scripts/build/bundle.ts keeps entry paths).
 */
export const defaultWorkerUrl = (moduleUrl: string = import.meta.url): URL =>
  moduleUrl.endsWith('.ts') ? new URL('./worker.ts', moduleUrl) : new URL('./inference/worker.js', moduleUrl);

interface Pending {
  readonly worker: Worker;
  readonly resolve: (result: InferenceResult) => void;
  readonly reject: (error: ClassifierError) => void;
}

type WorkerState =
  | { readonly kind: 'starting'; readonly worker: Worker; readonly ready: Promise<Worker> }
  | { readonly kind: 'ready'; readonly worker: Worker }
  /** The last (re)start failed; the next request tries again. */
  | { readonly kind: 'failed'; readonly error: ClassifierError }
  | { readonly kind: 'closed' };

/**
 * Owns the inference worker: starts it, waits for `ready`, sends batches with their buffers
 * moved, and matches answers to requests by id. If the worker dies, every request it held fails
 * with INTERNAL and a new worker starts.
 */
export class InferenceHost {
  readonly #options: InferenceHostOptions;
  readonly #pending = new Map<number, Pending>();
  #state: WorkerState = { kind: 'closed' };
  #nextId = 1;
  #closing: Promise<void> | undefined;
  #cardMismatch: readonly string[] | undefined;
  /** Why the worker could not load the model, in its own words. */
  #loadFailure: string | undefined;
  #batchLimit: number | undefined;

  private constructor(options: InferenceHostOptions) {
    this.#options = options;
  }

  /** Resolves once the first worker is ready; rejects with ModelLoadError if it cannot load. */
  static async start(options: InferenceHostOptions): Promise<InferenceHost> {
    const host = new InferenceHost(options);
    const ready = host.#spawn();
    try {
      await ready;
    } catch (error) {
      const problems = host.#cardMismatch;
      if (problems)
        throw new ModelLoadError(
          'CARD_MISMATCH',
          `the model card contradicts the model:\n${problems.map((problem) => `- ${problem}`).join('\n')}`,
        );
      // The worker's own words when it reported why; how it stopped otherwise.
      throw new ModelLoadError(
        'SESSION_FAILED',
        `cannot start the ONNX session: ${host.#loadFailure ?? (error as Error).message}`,
        { cause: error },
      );
    }
    return host;
  }

  /** The model's fixed batch size, when it has one (reported by the first worker). */
  get batchLimit(): number | undefined {
    return this.#batchLimit;
  }

  /**
   * Runs one batch. `input` is `batchSize` items in the card's layout and type from the start of its buffer (the
   * buffer may be longer). The whole buffer is moved to the worker (detached here) as soon as
   * the worker is ready, and comes back with the result. `alone`: nothing else is waiting, so
   * the worker may use its lone-item session (WorkerInit.loneItemThreads).
   */
  infer(input: TensorData, batchSize: number, alone = false): Promise<InferenceResult> {
    const expected = batchSize * itemLength(this.#options.init.card);
    if (!Number.isInteger(batchSize) || batchSize < 1 || input.length !== expected) {
      return Promise.reject(
        new ClassifierError(
          'INTERNAL',
          `batch of ${batchSize} needs ${expected} elements, got ${input.length}`,
        ),
      );
    }
    const state = this.#state;
    switch (state.kind) {
      case 'ready':
        return this.#send(state.worker, input, batchSize, alone);
      case 'starting':
        return state.ready.then((worker) => this.#send(worker, input, batchSize, alone));
      case 'failed':
        return this.#spawn().then((worker) => this.#send(worker, input, batchSize, alone));
      case 'closed':
        return Promise.reject(new ClassifierError('INTERNAL', 'the classifier is closed'));
    }
  }

  /** Lets queued batches finish, then stops the worker. Safe to call more than once. */
  close(): Promise<void> {
    this.#closing ??= this.#close();
    return this.#closing;
  }

  async #close(): Promise<void> {
    const state = this.#state;
    this.#state = { kind: 'closed' };
    if (state.kind !== 'ready' && state.kind !== 'starting') return;
    const { worker } = state;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    const grace = setTimeout(
      () => void worker.terminate(),
      this.#options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS,
    );
    worker.postMessage({ type: 'close' } satisfies ToWorker);
    await exited;
    clearTimeout(grace);
  }

  #send(worker: Worker, input: TensorData, batchSize: number, alone: boolean): Promise<InferenceResult> {
    if (this.#state.kind === 'closed') {
      return Promise.reject(new ClassifierError('INTERNAL', 'the classifier is closed'));
    }
    const id = this.#nextId++;
    return new Promise<InferenceResult>((resolve, reject) => {
      this.#pending.set(id, { worker, resolve, reject });
      const message: ToWorker = { type: 'infer', id, batchSize, input, alone };
      worker.postMessage(message, [input.buffer as ArrayBuffer]);
    });
  }

  #spawn(): Promise<Worker> {
    const worker = startWorker(this.#options.workerUrl ?? defaultWorkerUrl(), {
      workerData: this.#options.init,
    });
    const threadId = worker.threadId;
    let lastError: unknown;
    const ready = new Promise<Worker>((resolve, reject) => {
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          if (this.#state.kind === 'starting' && this.#state.worker === worker)
            this.#state = { kind: 'ready', worker };
          this.#batchLimit = message.batchLimit;
          this.#options.onEvent?.({ type: 'worker-ready', threadId, ...pick(message) });
          resolve(worker);
        } else if (message.type === 'load-failed') {
          this.#loadFailure = message.message;
          lastError = new Error(message.message);
        } else if (message.type === 'card-mismatch') {
          this.#cardMismatch = message.problems;
          lastError = new Error(`the model card contradicts the model: ${message.problems.join('; ')}`);
        } else {
          this.#settle(message);
        }
      });
      worker.on('error', (error) => {
        lastError = error;
      });
      worker.on('exit', (exitCode) => {
        const failure = new ClassifierError(
          'INTERNAL',
          `inference worker stopped (exit code ${exitCode}${lastError ? `: ${describe(lastError)}` : ''})`,
          { cause: lastError },
        );
        reject(failure);
        this.#onExit(worker, threadId, exitCode, failure, lastError);
      });
    });
    // A failed start is reported through `ready`; keep it from also being an unhandled rejection.
    ready.catch(() => {});
    this.#state = { kind: 'starting', worker, ready };
    return ready;
  }

  #settle(message: Extract<FromWorker, { type: 'result' | 'failed' }>): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    if (message.type === 'result')
      pending.resolve({
        logits: message.logits,
        input: message.input,
        inferMs: message.inferMs,
        threads: message.threads,
      });
    else pending.reject(new ClassifierError('INTERNAL', `inference failed: ${message.message}`));
  }

  #onExit(
    worker: Worker,
    threadId: number,
    exitCode: number,
    failure: ClassifierError,
    error: unknown,
  ): void {
    let failedRequests = 0;
    for (const [id, pending] of this.#pending) {
      if (pending.worker !== worker) continue;
      this.#pending.delete(id);
      pending.reject(failure);
      failedRequests++;
    }
    const state = this.#state;
    const restarting = state.kind === 'ready' && state.worker === worker;
    this.#options.onEvent?.({ type: 'worker-exit', threadId, exitCode, failedRequests, restarting, error });
    if (state.kind === 'starting' && state.worker === worker) {
      this.#state = { kind: 'failed', error: failure };
    } else if (restarting) {
      this.#spawn();
    }
  }
}

const pick = ({ loadMs, warmupMs }: { loadMs: number; warmupMs: number }) => ({ loadMs, warmupMs });

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
