// Untrusted request messages to typed requests or coded errors (pure). The JSON forms are the
// contract's (components/contract/request.ts); a binary message whose bytes are an image is
// classified inline.
import type { z } from 'zod';
import { requestedImage, requestIdSchema, requestMessageSchema } from '../../contract/index.ts';
import type { IncomingMessage } from '../../runtime/index.ts';
import { ClassifierError, type ErrorCode } from '../error-codes.ts';
import { detectImageFormat, SUPPORTED_IMAGE_FORMATS } from '../preprocess/image-format.ts';

export type ImageSource =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'base64'; readonly base64: string };

export interface ClassifyRequest {
  readonly id: string;
  readonly source: ImageSource;
  readonly topK?: number;
}

export type ParseResult =
  | { readonly ok: true; readonly request: ClassifyRequest }
  | { readonly ok: false; readonly id: string; readonly error: ClassifierError };

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseRequest(message: IncomingMessage, makeId: () => string): ParseResult {
  if (message.kind === 'json') return parseRequestValue(message.value, makeId);
  const bytes = message.bytes;
  if (detectImageFormat(bytes))
    return { ok: true, request: { id: makeId(), source: { kind: 'bytes', bytes } } };
  const text = decodeUtf8(bytes);
  if (text !== undefined) {
    // Any JSON text (also `42` or `null`) is a request of the wrong type, as in a JSON message.
    const value = parseJsonText(text);
    if (value.ok) return parseRequestValue(value.value, makeId);
    if (/^\s*[{["]/.test(text))
      return failure(makeId(), 'INVALID_REQUEST', `request is not valid JSON: ${value.problem}`);
  }
  return failure(
    makeId(),
    'UNSUPPORTED_IMAGE',
    `binary message of ${bytes.length} bytes is neither a JSON request nor a supported image (${SUPPORTED_IMAGE_FORMATS.join(', ')})`,
  );
}

function parseRequestValue(value: unknown, makeId: () => string): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return failure(makeId(), 'INVALID_REQUEST', `request must be a JSON object, not ${what}`);
  }
  // The id first, so a reply to an otherwise bad request still names it.
  const rawId = (value as { id?: unknown }).id;
  const id = rawId === undefined || rawId === null ? undefined : requestIdSchema.safeParse(rawId);
  if (id && !id.success) return failure(makeId(), 'INVALID_REQUEST', firstProblem(id.error));
  const replyId = id ? String(id.data) : makeId();
  const parsed = requestMessageSchema.safeParse(value);
  if (!parsed.success) return failure(replyId, 'INVALID_REQUEST', firstProblem(parsed.error));
  const request = parsed.data;
  return {
    ok: true,
    request: {
      id: replyId,
      source: requestedImage(request),
      ...(request.topK === undefined ? {} : { topK: request.topK }),
    },
  };
}

function firstProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  return issue.message;
}

function parseJsonText(text: string): { ok: true; value: unknown } | { ok: false; problem: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
}

function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function failure(id: string, code: ErrorCode, message: string): ParseResult {
  return { ok: false, id, error: new ClassifierError(code, message) };
}
