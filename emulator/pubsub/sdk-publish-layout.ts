// Fast path for the publish requests of the unmodified JS SDK, which serialises PublishToTopic
// as exactly (captured in test/fixtures/ipc/sdk-frames.ts):
//   {"topic":"<topic>","publishMessage":{"binaryMessage":{"message":"<base64>"}}}
//   {"topic":"<topic>","publishMessage":{"jsonMessage":{"message":<object>}}}
// When a request has this layout byte for byte, the payload is forwarded as the same bytes,
// without turning it into strings (TextDecoder, JSON.parse, JSON.stringify, UTF-8 encoding).
// scripts/bench/micro/ipc-publish.ts on our shared 2-core VM: a 150 KiB binary publish costs the core
// 0.75-1.7 ms this way against 3.3-5.3 ms through the general path, an 80-byte JSON request
// 7-10 us against 11-16 us. Anything else returns undefined and takes the general path
// (publish-message.ts), which has the same outcome.

import { isJsonObject } from '../util/json.ts';

export interface SdkPublish {
  readonly topic: string;
  readonly kind: 'json' | 'binary';
  /** The message bytes as sent: base64 text, or the JSON object's text. A view of the request. */
  readonly message: Uint8Array;
}

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();
const TOPIC_PREFIX = utf8Encoder.encode('{"topic":"');
const BINARY_MIDDLE = utf8Encoder.encode('","publishMessage":{"binaryMessage":{"message":"');
const BINARY_SUFFIX = utf8Encoder.encode('"}}}');
const JSON_MIDDLE = utf8Encoder.encode('","publishMessage":{"jsonMessage":{"message":');
const JSON_SUFFIX = utf8Encoder.encode('}}}');
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const FIRST_PRINTABLE = 0x20;
const OPEN_BRACE = 0x7b;
const PADDING = 0x3d;

const BASE64_ALPHABET = new Uint8Array(256);
for (const char of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/') {
  BASE64_ALPHABET[char.charCodeAt(0)] = 1;
}

export function matchSdkPublishLayout(body: Uint8Array): SdkPublish | undefined {
  if (!hasAt(body, 0, TOPIC_PREFIX)) return undefined;
  const topicStart = TOPIC_PREFIX.length;
  const topicEnd = body.indexOf(QUOTE, topicStart);
  if (topicEnd < 0 || !isPlainStringContent(body, topicStart, topicEnd)) return undefined;
  const topic = utf8Decoder.decode(body.subarray(topicStart, topicEnd));
  if (hasAt(body, topicEnd, BINARY_MIDDLE)) {
    const start = topicEnd + BINARY_MIDDLE.length;
    const end = body.length - BINARY_SUFFIX.length;
    if (end < start || !hasAt(body, end, BINARY_SUFFIX) || !isPaddedBase64(body, start, end))
      return undefined;
    return { topic, kind: 'binary', message: body.subarray(start, end) };
  }
  if (hasAt(body, topicEnd, JSON_MIDDLE)) {
    const start = topicEnd + JSON_MIDDLE.length;
    const end = body.length - JSON_SUFFIX.length;
    if (end <= start || body[start] !== OPEN_BRACE || !hasAt(body, end, JSON_SUFFIX)) return undefined;
    const message = body.subarray(start, end);
    // Parsing proves the bytes are one JSON object and nothing more, so the whole request has
    // exactly the layout above; the parsed value itself is not needed.
    if (!isJsonObjectText(message)) return undefined;
    return { topic, kind: 'json', message };
  }
  return undefined;
}

function hasAt(bytes: Uint8Array, offset: number, expected: Uint8Array): boolean {
  if (offset < 0 || offset + expected.length > bytes.length) return false;
  for (let index = 0; index < expected.length; index += 1) {
    if (bytes[offset + index] !== expected[index]) return false;
  }
  return true;
}

/** JSON string content that needs no unescaping: no backslash, no control character. */
function isPlainStringContent(bytes: Uint8Array, start: number, end: number): boolean {
  for (let index = start; index < end; index += 1) {
    const byte = bytes[index] ?? 0;
    if (byte === BACKSLASH || byte < FIRST_PRINTABLE) return false;
  }
  return true;
}

/** Standard alphabet, length a multiple of 4, at most two `=` and only at the end (docs/ipc-protocol.md#json-encoding). */
function isPaddedBase64(bytes: Uint8Array, start: number, end: number): boolean {
  const length = end - start;
  if (length % 4 !== 0) return false;
  let dataEnd = end;
  if (length > 0 && bytes[end - 1] === PADDING) dataEnd -= bytes[end - 2] === PADDING ? 2 : 1;
  let valid = 1;
  for (let index = start; index < dataEnd; index += 1) valid &= BASE64_ALPHABET[bytes[index] ?? 0] ?? 0;
  return valid === 1;
}

function isJsonObjectText(bytes: Uint8Array): boolean {
  try {
    return isJsonObject(JSON.parse(utf8Decoder.decode(bytes)));
  } catch {
    return false;
  }
}
