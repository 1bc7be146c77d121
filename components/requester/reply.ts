// What the requester needs from a classifier reply (pure). It reads only the fields it logs,
// so it keeps working when the classifier adds more; a bare text reply is the label form
// (classifier ResultFormat: label).
import { z } from 'zod';
import type { IncomingMessage } from '../runtime/index.ts';

const replySchema = z.object({
  id: z.string().optional(),
  status: z.enum(['ok', 'error']),
  label: z.string().optional(),
  probability: z.number().optional(),
  error: z.object({ code: z.string(), message: z.string().optional() }).optional(),
});

export type ParsedReply =
  | { readonly kind: 'ok'; readonly id?: string; readonly label: string; readonly probability?: number }
  | { readonly kind: 'error'; readonly id?: string; readonly code: string; readonly message?: string }
  | { readonly kind: 'label'; readonly label: string };

export function parseReply(message: IncomingMessage): ParsedReply {
  const value = message.kind === 'json' ? message.value : parseJsonText(message.bytes.toString('utf8'));
  const parsed = replySchema.safeParse(value);
  if (!parsed.success) {
    const text =
      message.kind === 'binary' ? message.bytes.toString('utf8').trim() : JSON.stringify(message.value);
    return { kind: 'label', label: text };
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

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
