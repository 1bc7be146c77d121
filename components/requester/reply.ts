// What the requester needs from a classifier reply (pure). It reads the contract's envelope
// (components/contract/reply.ts), only the fields it logs, so it keeps working when the classifier
// adds more. The label form (classifier ResultFormat:
// label) is a binary message of one line of text that is not JSON; anything else that fails
// the reply schema is not a reply at all and must not be taken for the answer to a request.
import { replyEnvelopeSchema } from '../contract/index.ts';
import type { IncomingMessage } from '../runtime/index.ts';

export type ParsedReply =
  | { readonly kind: 'ok'; readonly id?: string; readonly label: string; readonly probability?: number }
  | { readonly kind: 'error'; readonly id?: string; readonly code: string; readonly message?: string }
  | { readonly kind: 'label'; readonly label: string }
  | { readonly kind: 'invalid'; readonly reason: string };

/** The longest label-form reply: a label, or `error: CODE`. */
export const MAX_LABEL_REPLY_LENGTH = 256;

export function parseReply(message: IncomingMessage): ParsedReply {
  const text = message.kind === 'binary' ? message.bytes.toString('utf8') : undefined;
  const value = message.kind === 'json' ? message.value : parseJsonText(text ?? '');
  if (value === undefined && text !== undefined) return labelForm(text.trim());
  const parsed = replyEnvelopeSchema.safeParse(value);
  if (!parsed.success) {
    return { kind: 'invalid', reason: `not a classifier reply: ${parsed.error.issues[0]?.message ?? ''}` };
  }
  const reply = parsed.data;
  if (reply.status === 'error') {
    return {
      kind: 'error',
      id: reply.id,
      code: reply.error?.code ?? 'UNKNOWN',
      message: reply.error?.message,
    };
  }
  return { kind: 'ok', id: reply.id, label: reply.label ?? '', probability: reply.probability };
}

function labelForm(text: string): ParsedReply {
  if (text === '' || text.length > MAX_LABEL_REPLY_LENGTH || /[\r\n]/.test(text))
    return { kind: 'invalid', reason: 'not a classifier reply: not one line of label text' };
  return { kind: 'label', label: text };
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
