// The command line's own failures, each with a stable code and one line for the user; main.ts
// prints the message, and the stack only with --debug.
import { CodedError, type ErrorCatalogue } from '../../common/coded-error.ts';

/** Every code of the command line, with its meaning. */
export const CLI_ERROR_CODES = {
  USAGE: 'unknown verb or option, or a missing or malformed value; exit code 2',
  NO_CORE: "no core is listening at the root's socket",
  CLI_AUTH_MISSING: "a socket exists but the CLI's token file cannot be read",
  CONNECT_TIMEOUT: 'the core did not answer the connection in time',
  OPERATION_FAILED: 'the core refused or failed the operation',
  INPUT_INVALID: 'a file named by an option cannot be read or parsed',
  CORE_START_FAILED: '`start` could not start the core (e.g. one is already running at the root)',
} as const satisfies ErrorCatalogue<string>;

export type CliErrorCode = keyof typeof CLI_ERROR_CODES;

export const USAGE_EXIT_CODE = 2;
export const FAILURE_EXIT_CODE = 1;

export class CliError extends CodedError<CliErrorCode> {
  /** Printed after the message (e.g. the verb's usage). */
  readonly hint: string | undefined;

  constructor(code: CliErrorCode, message: string, options?: ErrorOptions & { hint?: string }) {
    super(code, message, options);
    this.hint = options?.hint;
  }

  get exitCode(): number {
    return this.code === 'USAGE' ? USAGE_EXIT_CODE : FAILURE_EXIT_CODE;
  }
}
