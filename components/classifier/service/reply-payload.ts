// The bytes published on ResultTopic for one reply (pure): UTF-8 JSON of the reply object, or
// with ResultFormat "label" the bare top-1 label (`error: CODE` for errors), as the original
// Python system published.
import { type Reply, roundMs } from '../reply.ts';

/** Error messages carry paths and names from requests; bounded so a reply stays far under 7 KB. */
export const MAX_ERROR_MESSAGE_LENGTH = 512;

export type ResultFormat = 'json' | 'label';

export function finalizeReply(
  reply: Reply,
  scoreThreshold: number,
  timings?: { queueMs: number; totalMs: number },
): Reply {
  if (reply.status === 'error') {
    const { message } = reply.error;
    return message.length <= MAX_ERROR_MESSAGE_LENGTH
      ? reply
      : {
          ...reply,
          error: { ...reply.error, message: `${message.slice(0, MAX_ERROR_MESSAGE_LENGTH - 3)}...` },
        };
  }
  const top =
    scoreThreshold > 0 ? reply.top.filter((entry) => entry.probability >= scoreThreshold) : reply.top;
  return {
    ...reply,
    top,
    timings: timings
      ? {
          queueMs: roundMs(timings.queueMs),
          decodeMs: reply.timings.decodeMs,
          inferMs: reply.timings.inferMs,
          totalMs: roundMs(timings.totalMs),
        }
      : reply.timings,
  };
}

export function encodeReply(reply: Reply, format: ResultFormat): Buffer {
  if (format === 'label')
    return Buffer.from(reply.status === 'ok' ? reply.label : `error: ${reply.error.code}`, 'utf8');
  return Buffer.from(JSON.stringify(reply), 'utf8');
}
