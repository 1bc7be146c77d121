// The error a request step throws; it becomes an error reply with its code. The codes and what
// they mean are the message contract's (components/contract/error-codes.ts).
import { ReplyError, type ReplyErrorCode } from '../contract/index.ts';

export type ErrorCode = ReplyErrorCode;

/** A failure that becomes an `{status: "error", error: {code, message}}` reply. */
export class ClassifierError extends ReplyError {}

/**
 * Any thrown value as a ClassifierError: a ReplyError from the shared image-file reading keeps
 * its code and message; unknown failures become INTERNAL, keeping the cause.
 */
export function toClassifierError(error: unknown): ClassifierError {
  if (error instanceof ClassifierError) return error;
  if (error instanceof ReplyError) return new ClassifierError(error.code, error.message, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new ClassifierError('INTERNAL', `internal error: ${message}`, { cause: error });
}
