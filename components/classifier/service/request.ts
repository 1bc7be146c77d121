// Untrusted request messages to typed requests or coded errors (pure). Accepted forms
// (architecture.md, "Message contract"), each as a JSON message or a binary message of UTF-8
// JSON:
//   seed form  {"image_dir": "/abs/dir", "fname": "pelican.jpeg"}
//   full form  {"id": "req-1", "image": {"path": "/abs/file.jpg"}, "topK": 5}
//              {"id": "req-2", "image": {"base64": "..."}}
// and a binary message whose bytes are themselves an image, classified inline.
import path from 'node:path';
import type { IncomingMessage } from '../../runtime/index.ts';
import { isValidTopK, MAX_TOP_K } from '../classifier-options.ts';
import { ClassifierError, type ErrorCode } from '../error-codes.ts';
import { detectImageFormat, SUPPORTED_IMAGE_FORMATS } from '../preprocess/image-format.ts';

/** Longest request id echoed back; replies must stay small (docs/nucleus-flavours.md). */
export const MAX_ID_LENGTH = 128;

export type ImageSource =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly via: 'binary' | 'base64' };

export interface ClassifyRequest {
  readonly id: string;
  readonly source: ImageSource;
  readonly topK?: number;
}

export type ParseResult =
  | { readonly ok: true; readonly request: ClassifyRequest }
  | { readonly ok: false; readonly id: string; readonly error: ClassifierError };

export interface ParseLimits {
  readonly maxImageBytes: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function parseRequest(
  message: IncomingMessage,
  limits: ParseLimits,
  makeId: () => string,
): ParseResult {
  if (message.kind === 'json') return parseRequestValue(message.value, limits, makeId);
  const bytes = message.bytes;
  if (detectImageFormat(bytes)) {
    if (bytes.length > limits.maxImageBytes)
      return failure(makeId(), 'IMAGE_TOO_LARGE', tooLarge(bytes.length, limits));
    return { ok: true, request: { id: makeId(), source: { kind: 'bytes', bytes, via: 'binary' } } };
  }
  const text = decodeUtf8(bytes);
  if (text !== undefined) {
    // Any JSON text (also `42` or `null`) is a request of the wrong type, as in a JSON message.
    const value = parseJsonText(text);
    if (value.ok) return parseRequestValue(value.value, limits, makeId);
    if (/^\s*[{["]/.test(text))
      return failure(makeId(), 'INVALID_REQUEST', `request is not valid JSON: ${value.problem}`);
  }
  return failure(
    makeId(),
    'UNSUPPORTED_IMAGE',
    `binary message of ${bytes.length} bytes is neither a JSON request nor a supported image (${SUPPORTED_IMAGE_FORMATS.join(', ')})`,
  );
}

function parseRequestValue(value: unknown, limits: ParseLimits, makeId: () => string): ParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
    return failure(makeId(), 'INVALID_REQUEST', `request must be a JSON object, not ${what}`);
  }
  const fields = value as Record<string, unknown>;
  const idResult = parseId(fields.id, makeId);
  if (typeof idResult !== 'string') return failure(makeId(), 'INVALID_REQUEST', idResult.problem);
  const id = idResult;

  const topK = fields.topK;
  if (topK !== undefined && !isValidTopK(topK)) {
    return failure(id, 'INVALID_REQUEST', `topK must be an integer from 1 to ${MAX_TOP_K}`);
  }
  const source = parseSource(fields, limits);
  if ('code' in source) return failure(id, source.code, source.problem);
  return { ok: true, request: { id, source, ...(topK === undefined ? {} : { topK }) } };
}

type Problem = { readonly code: ErrorCode; readonly problem: string };

function parseSource(fields: Record<string, unknown>, limits: ParseLimits): ImageSource | Problem {
  const { image, image_dir: imageDir, fname } = fields;
  const hasSeed = imageDir !== undefined || fname !== undefined;
  if (image !== undefined && hasSeed) return invalid('give either image or image_dir + fname, not both');
  if (image !== undefined) return parseImageField(image, limits);
  if (!hasSeed) return invalid('request needs image.path, image.base64, or image_dir + fname');
  if (typeof imageDir !== 'string' || imageDir === '') return invalid('image_dir must be a non-empty string');
  if (typeof fname !== 'string' || fname === '') return invalid('fname must be a non-empty string');
  if (!path.isAbsolute(imageDir))
    return invalid(`image_dir must be an absolute path, got ${quote(imageDir)}`);
  if (hasNul(imageDir) || hasNul(fname))
    return invalid('image_dir and fname must not contain NUL characters');
  return { kind: 'path', path: path.join(imageDir, fname) };
}

function parseImageField(image: unknown, limits: ParseLimits): ImageSource | Problem {
  if (typeof image !== 'object' || image === null || Array.isArray(image)) {
    return invalid('image must be an object with a path or a base64 member');
  }
  const { path: filePath, base64 } = image as Record<string, unknown>;
  if ((filePath === undefined) === (base64 === undefined))
    return invalid('image needs exactly one of path and base64');
  if (filePath !== undefined) {
    if (typeof filePath !== 'string' || filePath === '')
      return invalid('image.path must be a non-empty string');
    if (!path.isAbsolute(filePath))
      return invalid(`image.path must be an absolute path, got ${quote(filePath)}`);
    if (hasNul(filePath)) return invalid('image.path must not contain NUL characters');
    return { kind: 'path', path: path.normalize(filePath) };
  }
  if (typeof base64 !== 'string' || base64 === '') return invalid('image.base64 must be a non-empty string');
  const decodedLength = Math.floor((base64.length * 3) / 4);
  if (decodedLength > limits.maxImageBytes + 2)
    return { code: 'IMAGE_TOO_LARGE', problem: tooLarge(decodedLength, limits) };
  if (base64.length % 4 !== 0 || !BASE64.test(base64)) return invalid('image.base64 is not valid base64');
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > limits.maxImageBytes)
    return { code: 'IMAGE_TOO_LARGE', problem: tooLarge(bytes.length, limits) };
  return { kind: 'bytes', bytes, via: 'base64' };
}

function parseId(id: unknown, makeId: () => string): string | { problem: string } {
  if (id === undefined || id === null) return makeId();
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id !== 'string' || id === '') return { problem: 'id must be a non-empty string' };
  if (id.length > MAX_ID_LENGTH)
    return { problem: `id is ${id.length} characters; the limit is ${MAX_ID_LENGTH}` };
  return id;
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

const invalid = (problem: string): Problem => ({ code: 'INVALID_REQUEST', problem });
const hasNul = (text: string): boolean => text.includes('\0');
const quote = (text: string): string => JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}...` : text);
const tooLarge = (bytes: number, limits: ParseLimits): string =>
  `image of ${bytes} bytes is larger than MaxImageBytes (${limits.maxImageBytes})`;

function failure(id: string, code: ErrorCode, message: string): ParseResult {
  return { ok: false, id, error: new ClassifierError(code, message) };
}
