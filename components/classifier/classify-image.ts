// The classifier's request path after admission, one step per line:
//   resolve against ImageRoots and read (image-input/) -> decode and resize (decode-image.ts)
//   -> crop and normalise into the forming batch (write-tensor.ts) -> infer (running-model.ts)
//   -> rank (softmax for logits, top-k) -> reply (reply.ts).
// Every step throws a ClassifierError with its code; the reply is an error reply then. The
// service (service/service.ts) and the in-process classifier (local-classifier.ts) both call it.
import type { Reply } from '../contract/index.ts';
import { toClassifierError } from './error-codes.ts';
import { type ImageInput, readImage } from './image-input/read-image.ts';
import type { RunningModel } from './model/running-model.ts';
import { softmax } from './postprocess/softmax.ts';
import { topK } from './postprocess/top-k.ts';
import { type DecodeLimits, decodeToRgb } from './preprocess/decode-image.ts';
import { writeInputTensor } from './preprocess/write-tensor.ts';
import { buildErrorReply, buildOkReply } from './reply.ts';

export interface ImageLimits extends DecodeLimits {
  readonly maxImageBytes: number;
}

/** What one request asks, with the limits in force when it started. */
export interface ClassifyCall {
  readonly id: string;
  /** Classes in `top`, already validated (1..MAX_TOP_K). */
  readonly topK: number;
  /** `top` keeps classes with at least this probability (0: all). */
  readonly scoreThreshold: number;
  readonly limits: ImageLimits;
  /** performance.now() when the request arrived; queue time is measured from it. */
  readonly receivedAt: number;
}

/** Classifies one image. Never rejects: a failure becomes an error reply. */
export async function classifyImage(
  input: ImageInput,
  call: ClassifyCall,
  model: RunningModel,
): Promise<Reply> {
  const started = performance.now();
  const release = model.lease();
  try {
    const pre = model.preprocessing;
    const bytes = await readImage(input, call.limits.maxImageBytes);
    const image = await decodeToRgb(bytes, pre, call.limits);
    const decoded = performance.now();
    const { logits: scores, inferMs } = await model.infer((out, offset) =>
      writeInputTensor(image, pre, out, offset),
    );
    const ranked = topK(model.outputKind === 'logits' ? softmax(scores) : scores, call.topK);
    const timings = {
      queueMs: started - call.receivedAt,
      decodeMs: decoded - started,
      inferMs,
      totalMs: performance.now() - call.receivedAt,
    };
    return buildOkReply(call.id, ranked, model.labels, model.ref, timings, call.scoreThreshold);
  } catch (error) {
    return buildErrorReply(call.id, toClassifierError(error));
  } finally {
    release();
  }
}
