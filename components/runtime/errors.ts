// Errors the component runtime raises, each with a stable code (tests assert on codes).

export type RuntimeErrorCode =
  | 'IPC_CONFIG_MISSING'
  | 'IPC_CONNECT_TIMEOUT'
  | 'IPC_CONNECT_FAILED'
  | 'IPC_AUTH_REFUSED'
  | 'IPC_NOT_CONNECTED'
  | 'IPC_CONNECTION_LOST'
  | 'IPC_OPERATION_TIMEOUT'
  | 'IPC_CLOSED'
  | 'CONFIG_INVALID';

export class RuntimeError extends Error {
  readonly code: RuntimeErrorCode;

  constructor(code: RuntimeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RuntimeError';
    this.code = code;
  }
}

/** The text of any thrown value, including the SDK's RpcError (description + serviceError). */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const rpc = error as Error & {
      description?: string;
      serviceError?: { _errorCode?: string; _message?: string };
    };
    const service = rpc.serviceError?._errorCode
      ? ` (${rpc.serviceError._errorCode}: ${rpc.serviceError._message ?? ''})`
      : '';
    return `${rpc.description ?? error.message}${service}`;
  }
  return String(error);
}
