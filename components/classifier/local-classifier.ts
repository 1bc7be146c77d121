// The classifier in-process, without Greengrass: `npm run classify`, the tests and the bench.
// It runs the same request path as the component (classify-image.ts) with a model of its own.
import { randomUUID } from 'node:crypto';
import type { ModelRef, Reply } from '../contract/index.ts';
import type { ImagePathPolicy } from '../image-files/path-policy.ts';
import { type ClassifierOptionsInput, parseClassifierOptions, resolveTopK } from './classifier-options.ts';
import { classifyImage } from './classify-image.ts';
import { toClassifierError } from './error-codes.ts';
import type { ImageInput } from './image-input/read-image.ts';
import type { InferenceHostEvent } from './inference/inference-host.ts';
import { startModel } from './model/running-model.ts';
import { configureDecoder } from './preprocess/decode-image.ts';
import { buildErrorReply } from './reply.ts';

export interface ClassifyOptions {
  /** Echoed in the reply; a random UUID when absent. */
  readonly id?: string;
  /** Classes in `top`; the classifier's default when absent. */
  readonly topK?: number;
  /** The roots a path must lie in (checked on the resolved path and on the opened file). */
  readonly policy?: ImagePathPolicy;
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
  readonly onWorkerEvent?: (event: InferenceHostEvent) => void;
  readonly workerUrl?: URL;
}

/** Loads the model and starts its worker; rejects with a TypeError for bad options, a ModelLoadError for a bad model. */
export async function createClassifier(options: CreateClassifierOptions): Promise<Classifier> {
  const { onWorkerEvent, workerUrl, ...rest } = options;
  const config = parseClassifierOptions(rest);
  configureDecoder();
  const model = await startModel(
    {
      modelCardPath: config.modelCardPath,
      intraOpThreads: config.intraOpThreads,
      loneItemThreads: config.idleIntraOpThreads,
      maxBatchSize: config.maxBatchSize,
    },
    { ...(onWorkerEvent ? { onWorkerEvent } : {}), ...(workerUrl ? { workerUrl } : {}) },
  );
  const limits = Object.freeze({
    maxImageBytes: config.maxImageBytes,
    maxImagePixels: config.maxImagePixels,
    maxAspectRatio: config.maxAspectRatio,
  });

  const classify = async (input: ImageInput, opts: ClassifyOptions): Promise<Reply> => {
    const receivedAt = performance.now();
    const id = opts.id ?? randomUUID();
    let topK: number;
    try {
      topK = resolveTopK(opts.topK, config.topK);
    } catch (error) {
      return buildErrorReply(id, toClassifierError(error));
    }
    return classifyImage(input, { id, topK, scoreThreshold: 0, limits, receivedAt }, model);
  };

  return {
    model: model.ref,
    classifyFile: (path, opts = {}) => classify({ kind: 'path', path, policy: opts.policy }, opts),
    classifyBytes: (bytes, opts = {}) => classify({ kind: 'bytes', bytes }, opts),
    close: () => model.retire(),
  };
}
