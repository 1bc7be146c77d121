// RFC 6901 JSON pointers, as the nucleus uses them for `{configuration:/path}` and for RESET
// paths (Jackson JsonPointer).

import { isJsonObject, type JsonValue } from '../util/json.ts';

/** Pointer text to its reference tokens, or undefined when it is not a pointer. `""` is the whole document. */
export function parseJsonPointer(pointer: string): string[] | undefined {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) return undefined;
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** The value at the tokens, or undefined when absent. Array elements are addressed by index. */
export function getAtPointer(document: JsonValue, tokens: readonly string[]): JsonValue | undefined {
  let current: JsonValue | undefined = document;
  for (const token of tokens) {
    if (Array.isArray(current))
      current = /^(0|[1-9][0-9]*)$/.test(token) ? current[Number(token)] : undefined;
    else if (isJsonObject(current)) current = Object.hasOwn(current, token) ? current[token] : undefined;
    else return undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

/** Jackson's `mayMatchElement`: a token that reads as an array index, whatever the parent is. */
export function tokenMayBeIndex(token: string): boolean {
  return /^(0|[1-9][0-9]*)$/.test(token);
}
