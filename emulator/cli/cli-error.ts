// The command line's own failures, each with a stable code and one line for the user (style
// practice 9); main.ts prints the message, and the stack only with --debug.

export type CliErrorCode =
  /** Unknown verb or option, or a missing or malformed value; exit code 2. */
  | 'USAGE'
  /** No core is listening at the root's socket. */
  | 'NO_CORE'
  /** A socket exists but the CLI's token file cannot be read. */
  | 'CLI_AUTH_MISSING'
  /** The core did not answer the connection in time. */
  | 'CONNECT_TIMEOUT'
  /** The core refused or failed the operation. */
  | 'OPERATION_FAILED'
  /** A file named by an option cannot be read or parsed. */
  | 'INPUT_INVALID'
  /** `start` could not start the core (e.g. one is already running at the root). */
  | 'CORE_START_FAILED';

/** Every code, for the README test (the compiler checks none is missing). */
export const CLI_ERROR_CODES = [
  'USAGE',
  'NO_CORE',
  'CLI_AUTH_MISSING',
  'CONNECT_TIMEOUT',
  'OPERATION_FAILED',
  'INPUT_INVALID',
  'CORE_START_FAILED',
] as const satisfies readonly CliErrorCode[];
const everyCliErrorCodeListed: Exclude<CliErrorCode, (typeof CLI_ERROR_CODES)[number]> extends never
  ? true
  : never = true;
void everyCliErrorCodeListed;

export const USAGE_EXIT_CODE = 2;
export const FAILURE_EXIT_CODE = 1;

export class CliError extends Error {
  override readonly name = 'CliError';
  readonly code: CliErrorCode;
  /** Printed after the message (e.g. the verb's usage). */
  readonly hint: string | undefined;

  constructor(code: CliErrorCode, message: string, options?: ErrorOptions & { hint?: string }) {
    super(message, options);
    this.code = code;
    this.hint = options?.hint;
  }

  get exitCode(): number {
    return this.code === 'USAGE' ? USAGE_EXIT_CODE : FAILURE_EXIT_CODE;
  }
}
