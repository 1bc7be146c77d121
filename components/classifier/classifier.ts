import { randomUUID } from 'node:crypto';
import { type ClassifierOptionsInput, parseClassifierOptions, resolveTopK } from './classifier-options.ts';
import { ClassifierError, toClassifierError } from './error-codes.ts';
import { InferenceBatcher } from './inference/batcher.ts';
import { InferenceHost, type InferenceHostEvent } from './inference/inference-host.ts';
import { loadModel } from './model/load-model.ts';
import { classCount } from './model/model-card.ts';
import { softmax } from './postprocess/softmax.ts';
import { topK } from './postprocess/top-k.ts';
import { configureDecoder, decodeToRgb } from './preprocess/decode-image.ts';
import { writeCentreCropChw } from './preprocess/normalise.ts';
import { tensorItemLength } from './preprocess/preprocess-image.ts';
import { readImageFile } from './preprocess/read-image-file.ts';
import { buildErrorReply, buildOkReply, type ModelRef, type Reply } from './reply.ts';

export interface ClassifyOptions {
  /** Echoed in the reply; a random UUID when absent. */
  readonly id?: string;
  /** Classes in `top`; the classifier's default when absent. */
  readonly topK?: number;
  /**
   * Called with the real path of the file once it is open, before a byte is read; throws to
   * refuse it (the ImageRoots check, made on what was opened: path-policy.ts).
   */
  readonly checkOpened?: (realPath: string) => void;
}

export interface Classifier {
  readonly model: ModelRef;
  /** Classifies an image file. Never rejects: failures become error replies. */
  classifyFile(path: string, options?: ClassifyOptions): Promise<Reply>;
  /** Classifies encoded image bytes (JPEG, PNG, WebP, GIF, TIFF, AVIF). Never rejects. */
  classifyBytes(bytes: Uint8Array, options?: ClassifyOptions): Promise<Reply>;
  /** Finishes work in flight, then stops the inference worker. Idempotent. */
  close(): Promise<void>;
}

export interface CreateClassifierOptions extends ClassifierOptionsInput {
  /** Inference worker lifecycle (ready, exit), e.g. for logging. */
  readonly onWorkerEvent?: (event: InferenceHostEvent) => void;
  /** Inference worker entry; default `worker.ts`/`worker.js` beside inference-host's module. */
  readonly workerUrl?: URL;
}

/**
 * Loads the model card, its verified model and labels, and starts the inference worker.
 * Rejects with a TypeError for invalid options and a ModelLoadError when the model cannot load.
 */
export async function createClassifier(options: CreateClassifierOptions): Promise<Classifier> {
  const { onWorkerEvent, workerUrl, ...rest } = options;
  const config = parseClassifierOptions(rest);
  configureDecoder();
  const model = await loadModel(config.modelCardPath);
  const host = await InferenceHost.start({
    init: {
      modelBytes: model.modelBytes,
      inputName: model.card.input.name,
      outputName: model.card.output.name,
      itemShape: [3, model.card.input.shape[2], model.card.input.shape[3]],
      classCount: classCount(model.card),
      intraOpThreads: config.intraOpThreads,
    },
    ...(onWorkerEvent ? { onEvent: onWorkerEvent } : {}),
    ...(workerUrl ? { workerUrl } : {}),
  });
  const pre = model.card.preprocessing;
  const batcher = new InferenceBatcher(host, {
    itemLength: tensorItemLength(pre),
    classCount: classCount(model.card),
    maxBatchSize: config.maxBatchSize,
  });
  const modelRef: ModelRef = Object.freeze({ name: model.card.name, sha256: model.card.model.sha256 });
  const limits = Object.freeze({
    maxImagePixels: config.maxImagePixels,
    maxAspectRatio: config.maxAspectRatio,
  });

  // The request path, one step per line; each step throws a ClassifierError with its code.
  async function classify(id: string, started: number, topKOption: unknown, read: () => Promise<Uint8Array>) {
    try {
      const k = resolveTopK(topKOption, config.topK);
      const bytes = checkImageBytes(await read(), config.maxImageBytes);
      const image = await decodeToRgb(bytes, pre, limits);
      const decodeMs = performance.now() - started;
      const { logits, inferMs } = await batcher.run((out, offset) =>
        writeCentreCropChw(image, pre.cropSize, pre, out, offset),
      );
      const ranked = topK(softmax(logits), k);
      const totalMs = performance.now() - started;
      return buildOkReply(id, ranked, model.labels, modelRef, { decodeMs, inferMs, totalMs });
    } catch (error) {
      return buildErrorReply(id, toClassifierError(error));
    }
  }

  return {
    model: modelRef,
    classifyFile: (path, opts = {}) =>
      classify(opts.id ?? randomUUID(), performance.now(), opts.topK, () =>
        readImageFile(path, config.maxImageBytes, opts.checkOpened),
      ),
    classifyBytes: (bytes, opts = {}) =>
      classify(opts.id ?? randomUUID(), performance.now(), opts.topK, async () => bytes),
    close: () => host.close(),
  };
}

function checkImageBytes(bytes: Uint8Array, maxImageBytes: number): Uint8Array {
  if (bytes.length > maxImageBytes) {
    throw new ClassifierError(
      'IMAGE_TOO_LARGE',
      `image is larger than ${maxImageBytes} bytes (MaxImageBytes)`,
    );
  }
  return bytes;
}
