// The codes an error reply carries, each with its meaning (the README's "Reply error codes"
// table is checked against this list both ways). Consumers match on these strings: never rename
// one; add new codes at the end.

import { CodedError, codesOf, type ErrorCatalogue } from '../../common/coded-error.ts';

export const REPLY_ERROR_CODES = {
  INVALID_REQUEST: 'the request is malformed (for example a `topK` outside 1-20)',
  IMAGE_NOT_FOUND: 'no such file, not readable, or not a regular file',
  PATH_NOT_ALLOWED: 'the path is outside the allowed image roots',
  IMAGE_TOO_LARGE: 'more bytes than `MaxImageBytes` or more pixels than `MaxImagePixels`',
  UNSUPPORTED_IMAGE: 'not JPEG, PNG, WebP, GIF, TIFF or AVIF, or too elongated (over 20:1)',
  CORRUPT_IMAGE: 'empty, truncated or otherwise undecodable image data',
  BUSY: 'the request queue is full; try again later',
  INTERNAL: 'a failure inside the classifier (for example the inference worker stopped)',
} as const satisfies ErrorCatalogue<string>;

export type ReplyErrorCode = keyof typeof REPLY_ERROR_CODES;

export const ERROR_CODES = codesOf(REPLY_ERROR_CODES);

/** A failure that becomes an error reply with its code (thrown by the shared image-file reading too). */
export class ReplyError extends CodedError<ReplyErrorCode> {}
