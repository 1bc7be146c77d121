// The error a request step throws; it becomes an error reply with its code. The codes and what
// they mean are the message contract's (components/contract/error-codes.ts).
import { CodedError } from '../../common/coded-error.ts';
import type { ReplyErrorCode } from '../contract/index.ts';

export type ErrorCode = ReplyErrorCode;

/** A failure that becomes an `{status: "error", error: {code, message}}` reply. */
export class ClassifierError extends CodedError<ErrorCode> {}

/** Any thrown value as a ClassifierError; unknown failures become INTERNAL, keeping the cause. */
export function toClassifierError(error: unknown): ClassifierError {
  if (error instanceof ClassifierError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new ClassifierError('INTERNAL', `internal error: ${message}`, { cause: error });
}
