// Replies on ResultTopic (default `local/result`): exactly one per request, a prediction or a
// coded error, as a binary message of UTF-8 JSON (or, with ResultFormat "label", the bare top-1
// label or `error: CODE`).
import { z } from 'zod';
import { ERROR_CODES } from './error-codes.ts';
import { MAX_ERROR_MESSAGE_LENGTH, MAX_TOP_K } from './limits.ts';

export const predictionSchema = z.strictObject({
  /** The class index in the model's output (ImageNet: 0-999; labels may repeat, indices do not). */
  index: z.number().int().min(0),
  label: z.string(),
  probability: z.number().min(0).max(1),
});

export const modelRefSchema = z.strictObject({
  name: z.string().min(1),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const timingsSchema = z.strictObject({
  /** Waiting in the request queue. */
  queueMs: z.number().min(0),
  /** Reading the image, decoding and resizing. */
  decodeMs: z.number().min(0),
  /** The ONNX session run (of the batch the request was in). */
  inferMs: z.number().min(0),
  /** Receipt to reply. */
  totalMs: z.number().min(0),
});

/** When the reply was made: ISO 8601 in UTC with milliseconds, e.g. 2026-12-05T21:00:00.123Z. */
export const replyTimestampSchema = z.iso.datetime({ precision: 3 });

export const okReplySchema = z.strictObject({
  id: z.string(),
  status: z.literal('ok'),
  timestamp: replyTimestampSchema,
  label: z.string(),
  index: z.number().int().min(0),
  probability: z.number().min(0).max(1),
  top: z.array(predictionSchema).max(MAX_TOP_K),
  model: modelRefSchema,
  timings: timingsSchema,
});

export const errorReplySchema = z.strictObject({
  id: z.string(),
  status: z.literal('error'),
  timestamp: replyTimestampSchema,
  error: z.strictObject({
    code: z.enum(ERROR_CODES),
    message: z.string().max(MAX_ERROR_MESSAGE_LENGTH),
  }),
});

/** Exactly what the classifier publishes. */
export const replySchema = z.discriminatedUnion('status', [okReplySchema, errorReplySchema]);

/**
 * What a consumer needs to read from a reply, and nothing it does not: new fields and new error
 * codes a later classifier adds keep older consumers working.
 */
export const replyEnvelopeSchema = z.object({
  id: z.string().optional(),
  status: z.enum(['ok', 'error']),
  label: z.string().optional(),
  probability: z.number().optional(),
  error: z.object({ code: z.string(), message: z.string().optional() }).optional(),
});

export type Prediction = z.infer<typeof predictionSchema>;
export type ModelRef = z.infer<typeof modelRefSchema>;
export type Timings = z.infer<typeof timingsSchema>;
export type OkReply = z.infer<typeof okReplySchema>;
export type ErrorReply = z.infer<typeof errorReplySchema>;
export type Reply = z.infer<typeof replySchema>;
export type ReplyEnvelope = z.infer<typeof replyEnvelopeSchema>;
