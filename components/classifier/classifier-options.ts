import { z } from 'zod';
import { MAX_TOP_K, topKSchema } from '../contract/index.ts';
import { ClassifierError } from './error-codes.ts';

/** Default ONNX intra-op threads: one leaves the second core of a small device to libvips and Node. */
export const DEFAULT_INTRA_OP_THREADS = 1;
export const MAX_INTRA_OP_THREADS = 64;
/**
 * Intra-op threads for a request that arrives while nothing else waits: on 2 cores, measured
 * with npm run bench, 2 threads cut its inference from 6.2-6.9 to 4.4 ms, while batches under
 * load keep InferenceThreads (2 threads cost up to 18% more CPU per request there).
 */
export const DEFAULT_IDLE_INTRA_OP_THREADS = 2;
/** Largest encoded image accepted, in bytes (20 MiB). */
export const DEFAULT_MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/** Largest decoded image accepted, width x height (40 megapixels, about 7750 x 5160). */
export const DEFAULT_MAX_IMAGE_PIXELS = 40_000_000;
/** Most elongated image accepted (long side / short side); bounds the resized image's size. */
export const DEFAULT_MAX_ASPECT_RATIO = 20;
/**
 * Most requests one inference runs together. Batches form only while the worker is busy, so
 * this bounds the batch under load; it costs no latency when idle. Measured with
 * mobilenetv2-12-int8 on 1 thread: batches of 4 cost about 10% less CPU per photo than single
 * runs and 8 no less than 4, while ONNX Runtime's arena grows with the batch (+14 MB RSS at 4,
 * +37 MB at 8).
 */
export const DEFAULT_MAX_BATCH_SIZE = 4;
export const MAX_MAX_BATCH_SIZE = 64;
export const DEFAULT_TOP_K = 5;

/** Whether `value` is a valid topK: an integer from 1 to MAX_TOP_K. */
export const isValidTopK = (value: unknown): value is number => topKSchema.safeParse(value).success;

export const ClassifierOptionsSchema = z.strictObject({
  modelCardPath: z.string().min(1),
  intraOpThreads: z.number().int().min(1).max(MAX_INTRA_OP_THREADS).default(DEFAULT_INTRA_OP_THREADS),
  idleIntraOpThreads: z
    .number()
    .int()
    .min(1)
    .max(MAX_INTRA_OP_THREADS)
    .default(DEFAULT_IDLE_INTRA_OP_THREADS),
  maxImageBytes: z.number().int().positive().default(DEFAULT_MAX_IMAGE_BYTES),
  maxImagePixels: z.number().int().positive().default(DEFAULT_MAX_IMAGE_PIXELS),
  maxAspectRatio: z.number().min(1).default(DEFAULT_MAX_ASPECT_RATIO),
  maxBatchSize: z.number().int().min(1).max(MAX_MAX_BATCH_SIZE).default(DEFAULT_MAX_BATCH_SIZE),
  topK: topKSchema.default(DEFAULT_TOP_K),
});

export type ClassifierOptionsInput = z.input<typeof ClassifierOptionsSchema>;
export type ClassifierOptions = Readonly<z.output<typeof ClassifierOptionsSchema>>;

/** Validates and defaults the options, reporting every problem at once; throws a TypeError. */
export function parseClassifierOptions(input: unknown): ClassifierOptions {
  const result = ClassifierOptionsSchema.safeParse(input);
  if (!result.success) throw new TypeError(`invalid classifier options:\n${z.prettifyError(result.error)}`);
  return Object.freeze(result.data);
}

/** A request's topK, or the default when absent; INVALID_REQUEST unless an integer 1..MAX_TOP_K. */
export function resolveTopK(requested: unknown, defaultTopK: number): number {
  const value = requested ?? defaultTopK;
  if (!isValidTopK(value)) {
    throw new ClassifierError(
      'INVALID_REQUEST',
      `topK must be an integer from 1 to ${MAX_TOP_K}, got ${JSON.stringify(value)}`,
    );
  }
  return value as number;
}
