// The one base of every error the project raises on purpose: a stable `code` that callers, logs
// and tests switch on (never the message), and the `cause` it wraps. Each area keeps a catalogue,
// code -> one line of meaning, which docs/error-codes.md is generated from
// (scripts/docs/error-codes.ts; test/docs/error-codes.test.ts checks both ways).

/** Code -> what it means, one line. */
export type ErrorCatalogue<Code extends string> = Readonly<Record<Code, string>>;

export class CodedError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The codes of a catalogue, in its order. */
export const codesOf = <Code extends string>(catalogue: ErrorCatalogue<Code>): Code[] =>
  Object.keys(catalogue) as Code[];
