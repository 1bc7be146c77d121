// Resource patterns of `aws.greengrass.ipc.pubsub` policies (docs/ipc-protocol.md#pubsub-authorization, nucleus
// `WildcardTrie.java`): `*` matches any run of characters, `/` and the empty string included;
// `${*}`, `${$}` and `${?}` stand for the literal characters; a bare `?` is invalid; `+` and `#`
// are ordinary characters (MQTT matching exists only for the mqttproxy service).
//
// Matching splits the pattern at its stars and finds the literal pieces left to right, which
// is exact for star-only globs and linear in the resource length; no RegExp is built from
// policy text, so no pattern can backtrack catastrophically.

export interface ResourcePattern {
  readonly source: string;
  /** Literal pieces between stars; one piece means no star at all. */
  readonly pieces: readonly string[];
}

export type ResourcePatternResult =
  | { readonly ok: true; readonly pattern: ResourcePattern }
  | { readonly ok: false; readonly problem: string };

// Greengrass's escape syntax, not template placeholders.
const ESCAPES: ReadonlyMap<string, string> = new Map([
  // biome-ignore lint/suspicious/noTemplateCurlyInString: policy escape syntax
  ['${*}', '*'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: policy escape syntax
  ['${$}', '$'],
  // biome-ignore lint/suspicious/noTemplateCurlyInString: policy escape syntax
  ['${?}', '?'],
]);
const ESCAPE_LENGTH = 4;

export function parseResourcePattern(source: string): ResourcePatternResult {
  const pieces: string[] = [];
  let literal = '';
  for (let index = 0; index < source.length; index += 1) {
    const escaped = ESCAPES.get(source.slice(index, index + ESCAPE_LENGTH));
    if (escaped !== undefined) {
      literal += escaped;
      index += ESCAPE_LENGTH - 1;
      continue;
    }
    const char = source.charAt(index);
    if (char === '?') {
      return {
        ok: false,
        problem: `resource ${JSON.stringify(source)} has a bare '?'; write \${?} for a literal ?`,
      };
    }
    if (char === '*') {
      pieces.push(literal);
      literal = '';
    } else {
      literal += char;
    }
  }
  pieces.push(literal);
  return { ok: true, pattern: { source, pieces } };
}

export function matchesResourcePattern(pattern: ResourcePattern, resource: string): boolean {
  const { pieces } = pattern;
  const first = pieces[0] ?? '';
  if (pieces.length === 1) return resource === first;
  const last = pieces[pieces.length - 1] ?? '';
  if (!resource.startsWith(first)) return false;
  let position = first.length;
  for (let index = 1; index < pieces.length - 1; index += 1) {
    const piece = pieces[index] ?? '';
    const found = resource.indexOf(piece, position);
    if (found < 0) return false;
    position = found + piece.length;
  }
  return resource.length - last.length >= position && resource.endsWith(last);
}
