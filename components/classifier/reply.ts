// Builds the reply objects of the message contract (components/contract/reply.ts) and the bytes
// published for them. Pure.
import {
  type ErrorReply,
  MAX_ERROR_MESSAGE_LENGTH,
  type ModelRef,
  type OkReply,
  type Reply,
  type Timings,
} from '../contract/index.ts';
import { awsEnvelope } from './aws-envelope.ts';
import type { ClassifierError } from './error-codes.ts';
import type { ClassLabel } from './model/labels.ts';
import type { Ranked } from './postprocess/top-k.ts';

const PROBABILITY_DECIMALS = 6;
const MILLISECOND_DECIMALS = 3;

export const RESULT_FORMATS = ['json', 'label', 'aws'] as const;
export type ResultFormat = (typeof RESULT_FORMATS)[number];

/** What the `aws` format says about the request, and what a cloud message adds. */
export interface EncodeContext {
  readonly topK: number;
  readonly scoreThreshold: number;
  /** Added to JSON messages for AWS IoT Core, so a cloud consumer can tell devices apart. */
  readonly thingName?: string;
}

const round = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

/**
 * The prediction reply. `top` keeps the ranked classes with at least `scoreThreshold`
 * probability; the top-1 fields always name the best class.
 */
export function buildOkReply(
  id: string,
  ranked: readonly Ranked[],
  labels: readonly ClassLabel[],
  model: ModelRef,
  timings: Timings,
  scoreThreshold: number,
  timestamp: string = new Date().toISOString(),
): OkReply {
  const predictions = ranked.map(({ index, probability }) => ({
    index,
    label: labels[index]?.label ?? `class ${index}`,
    probability: round(probability, PROBABILITY_DECIMALS),
  }));
  const best = predictions[0];
  if (!best) throw new RangeError('a prediction needs at least one ranked class');
  return {
    id,
    status: 'ok',
    timestamp,
    label: best.label,
    index: best.index,
    probability: best.probability,
    top: predictions.filter((entry) => entry.probability >= scoreThreshold),
    model,
    timings: {
      queueMs: round(timings.queueMs, MILLISECOND_DECIMALS),
      decodeMs: round(timings.decodeMs, MILLISECOND_DECIMALS),
      inferMs: round(timings.inferMs, MILLISECOND_DECIMALS),
      totalMs: round(timings.totalMs, MILLISECOND_DECIMALS),
    },
  };
}

/** The error reply; its message is cut to MAX_ERROR_MESSAGE_LENGTH. */
export function buildErrorReply(
  id: string,
  error: ClassifierError,
  timestamp: string = new Date().toISOString(),
): ErrorReply {
  const { message } = error;
  const bounded =
    message.length <= MAX_ERROR_MESSAGE_LENGTH
      ? message
      : `${message.slice(0, MAX_ERROR_MESSAGE_LENGTH - 3)}...`;
  return { id, status: 'error', timestamp, error: { code: error.code, message: bounded } };
}

/**
 * UTF-8 JSON of the reply (with `thingName` when the context has one); with ResultFormat "label"
 * the bare top-1 label (`error: CODE` for errors); with "aws" the envelope of AWS's components.
 */
export function encodeReply(reply: Reply, format: ResultFormat, context: EncodeContext): Buffer {
  if (format === 'label')
    return Buffer.from(reply.status === 'ok' ? reply.label : `error: ${reply.error.code}`, 'utf8');
  if (format === 'aws') {
    return Buffer.from(JSON.stringify(awsEnvelope(reply, context.topK, context.scoreThreshold)), 'utf8');
  }
  const message = context.thingName === undefined ? reply : { ...reply, thingName: context.thingName };
  return Buffer.from(JSON.stringify(message), 'utf8');
}
