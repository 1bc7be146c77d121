// The stable catalogue of reply error codes (architecture.md, "Message contract"). Consumers
// match on these strings, so never rename one; add new codes at the end.

export const ERROR_CODES = [
  'INVALID_REQUEST',
  'IMAGE_NOT_FOUND',
  'PATH_NOT_ALLOWED',
  'IMAGE_TOO_LARGE',
  'UNSUPPORTED_IMAGE',
  'CORRUPT_IMAGE',
  'BUSY',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** A failure that becomes an `{status: "error", error: {code, message}}` reply. */
export class ClassifierError extends Error {
  override readonly name = 'ClassifierError';
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** Any thrown value as a ClassifierError; unknown failures become INTERNAL, keeping the cause. */
export function toClassifierError(error: unknown): ClassifierError {
  if (error instanceof ClassifierError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ClassifierError('INTERNAL', `internal error: ${message}`, { cause: error });
}
