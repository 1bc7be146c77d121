// What the live view needs from a message on the result topic (pure): the id it answers, ok or
// an error code, the top labels and the classifier's own latency. Read leniently, as the
// contract's replyEnvelopeSchema intends (components/contract/reply.ts): a later classifier's new
// fields do not break it. The label form (ResultFormat "label") is a bare label or `error: CODE`.
import { z } from 'zod';
import { replyEnvelopeSchema } from '../contract/index.ts';
import type { IncomingMessage } from '../runtime/index.ts';

/** Labels shown per result, at most (the contract allows up to MAX_TOP_K). */
export const SHOWN_TOP_K = 5;
/** Longest label or error message kept; a longer one is cut (a reply is untrusted input). */
export const MAX_SHOWN_TEXT = 200;

export interface ShownLabel {
  readonly label: string;
  /** Absent in the label form, which carries none. */
  readonly probability?: number;
}

export type SeenResult =
  | {
      readonly status: 'ok';
      readonly id?: string;
      readonly top: readonly ShownLabel[];
      /** The classifier's receipt-to-reply time (`timings.totalMs`), when the reply has it. */
      readonly latencyMs?: number;
      readonly model?: string;
    }
  | {
      readonly status: 'error';
      readonly id?: string;
      readonly code: string;
      readonly message: string;
      readonly latencyMs?: number;
    }
  | { readonly status: 'unreadable'; readonly problem: string };

const detailsSchema = z.object({
  top: z
    .array(z.object({ label: z.string(), probability: z.number().min(0).max(1) }))
    .optional()
    .catch(undefined),
  timings: z
    .object({ totalMs: z.number().min(0) })
    .optional()
    .catch(undefined),
  model: z.object({ name: z.string() }).optional().catch(undefined),
});

const cut = (text: string): string =>
  text.length > MAX_SHOWN_TEXT ? `${text.slice(0, MAX_SHOWN_TEXT - 3)}...` : text;

export function readSeenResult(message: IncomingMessage): SeenResult {
  if (message.kind === 'json') return fromValue(message.value);
  const text = new TextDecoder().decode(message.bytes).trim();
  if (text.startsWith('{')) {
    try {
      return fromValue(JSON.parse(text));
    } catch (error) {
      return { status: 'unreadable', problem: `not JSON: ${(error as Error).message}` };
    }
  }
  if (text === '') return { status: 'unreadable', problem: 'empty message' };
  const labelError = /^error: ([A-Z_]+)$/.exec(text);
  if (labelError?.[1]) return { status: 'error', code: labelError[1], message: '' };
  return { status: 'ok', top: [{ label: cut(text) }] };
}

function fromValue(value: unknown): SeenResult {
  const envelope = replyEnvelopeSchema.safeParse(value);
  if (!envelope.success) return { status: 'unreadable', problem: 'not a classifier reply' };
  const details = detailsSchema.safeParse(value);
  const { top, timings, model } = details.success ? details.data : {};
  const reply = envelope.data;
  const shared = {
    ...(reply.id === undefined ? {} : { id: reply.id }),
    ...(timings === undefined ? {} : { latencyMs: timings.totalMs }),
  };
  if (reply.status === 'error') {
    return {
      status: 'error',
      ...shared,
      code: cut(reply.error?.code ?? 'UNKNOWN'),
      message: cut(reply.error?.message ?? ''),
    };
  }
  const shown =
    top && top.length > 0
      ? top.slice(0, SHOWN_TOP_K)
      : [{ label: reply.label ?? '?', probability: reply.probability }];
  return {
    status: 'ok',
    ...shared,
    top: shown.map(({ label, probability }) => ({
      label: cut(label),
      ...(probability === undefined ? {} : { probability }),
    })),
    ...(model === undefined ? {} : { model: cut(model.name) }),
  };
}
