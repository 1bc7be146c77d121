// Why the live view cannot serve its page; the message names the address and the fix.
import { CodedError, type ErrorCatalogue } from '../../common/coded-error.ts';

export const LIVE_VIEW_ERROR_CODES = {
  LISTEN_FAILED: 'the page cannot be served: Port is taken, or Address is not an address of this machine',
} as const satisfies ErrorCatalogue<string>;

export type LiveViewFailure = keyof typeof LIVE_VIEW_ERROR_CODES;

export class LiveViewError extends CodedError<LiveViewFailure> {}
