// What the live view needs from a message on the request topic (pure): the request's id, where
// its image is, and a name to show. The forms are the contract's (components/contract/request.ts);
// a binary message that is not JSON text is taken as the image itself, as the classifier does.
import path from 'node:path';
import { requestedImage, requestIdSchema, requestMessageSchema } from '../contract/index.ts';
import type { IncomingMessage } from '../runtime/index.ts';

export type SeenImage =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'base64'; readonly base64: string }
  /** A request the classifier will refuse: nothing to show but its reply. */
  | { readonly kind: 'none' };

export interface SeenRequest {
  /** Absent when the request has none (the classifier then makes one up, unknown to us). */
  readonly id?: string;
  readonly image: SeenImage;
  /** The file name, or what kind of image came inline. */
  readonly name: string;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function readSeenRequest(message: IncomingMessage): SeenRequest {
  if (message.kind === 'json') return fromValue(message.value);
  const text = jsonText(message.bytes);
  if (text === undefined) return { image: { kind: 'bytes', bytes: message.bytes }, name: 'inline image' };
  try {
    return fromValue(JSON.parse(text));
  } catch {
    return { image: { kind: 'none' }, name: 'invalid JSON' };
  }
}

/** The text of a binary message that looks like JSON (an object), else undefined (an image). */
function jsonText(bytes: Uint8Array): string | undefined {
  const first = bytes.find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09);
  if (first !== 0x7b) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

function fromValue(value: unknown): SeenRequest {
  const rawId = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  const parsedId = rawId === undefined || rawId === null ? undefined : requestIdSchema.safeParse(rawId);
  const id = parsedId?.success ? String(parsedId.data) : undefined;
  const parsed = requestMessageSchema.safeParse(value);
  const withId = id === undefined ? {} : { id };
  if (!parsed.success) return { ...withId, image: { kind: 'none' }, name: 'invalid request' };
  const image = requestedImage(parsed.data);
  return { ...withId, image, name: image.kind === 'path' ? path.posix.basename(image.path) : 'inline image' };
}
