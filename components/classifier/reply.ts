// Reply objects of the message contract (architecture.md, "Message contract"): exactly one per
// request, either a prediction or a coded error.
import type { ClassifierError, ErrorCode } from './error-codes.ts';
import type { ClassLabel } from './model/labels.ts';
import type { Ranked } from './postprocess/top-k.ts';

export interface Prediction {
  readonly index: number;
  readonly label: string;
  readonly probability: number;
}

export interface ModelRef {
  readonly name: string;
  readonly sha256: string;
}

export interface Timings {
  /** Time waiting in the request queue (added by the component that owns the queue). */
  readonly queueMs?: number;
  /** Reading the image, decoding and resizing (crop and normalisation come after, in totalMs). */
  readonly decodeMs: number;
  /** The ONNX session run inside the inference worker. */
  readonly inferMs: number;
  readonly totalMs: number;
}

export interface OkReply extends Prediction {
  readonly id: string;
  readonly status: 'ok';
  readonly top: readonly Prediction[];
  readonly model: ModelRef;
  readonly timings: Timings;
}

export interface ErrorReply {
  readonly id: string;
  readonly status: 'error';
  readonly error: { readonly code: ErrorCode; readonly message: string };
}

export type Reply = OkReply | ErrorReply;

const PROBABILITY_DECIMALS = 6;
const MILLISECOND_DECIMALS = 3;

const round = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/** Milliseconds as replies carry them (three decimals). */
export const roundMs = (value: number): number => round(value, MILLISECOND_DECIMALS);

export function buildOkReply(
  id: string,
  ranked: readonly Ranked[],
  labels: readonly ClassLabel[],
  model: ModelRef,
  timings: Timings,
): OkReply {
  const top = ranked.map(({ index, probability }) => ({
    index,
    label: labels[index]?.label ?? `class ${index}`,
    probability: round(probability, PROBABILITY_DECIMALS),
  }));
  const best = top[0];
  if (!best) throw new RangeError('a prediction needs at least one ranked class');
  const roundedTimings: Timings = {
    decodeMs: roundMs(timings.decodeMs),
    inferMs: roundMs(timings.inferMs),
    totalMs: roundMs(timings.totalMs),
  };
  return {
    id,
    status: 'ok',
    label: best.label,
    index: best.index,
    probability: best.probability,
    top,
    model,
    timings: roundedTimings,
  };
}

export function buildErrorReply(id: string, error: ClassifierError): ErrorReply {
  return { id, status: 'error', error: { code: error.code, message: error.message } };
}
