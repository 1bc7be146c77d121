// The codes the component runtime raises or logs (`code` on a log line), each with its meaning.
import { CodedError, type ErrorCatalogue } from '../../common/coded-error.ts';

export const RUNTIME_ERROR_CODES = {
  IPC_CONFIG_MISSING: 'the process was not started by a core: the IPC socket or token variable is missing',
  IPC_CONNECT_TIMEOUT: 'the core did not accept the IPC connection in time',
  IPC_CONNECT_FAILED: 'the IPC connection could not be made (no socket, refused)',
  IPC_AUTH_REFUSED: 'the core refused the token (the component was stopped or redeployed); exits at once',
  IPC_NOT_CONNECTED: 'an IPC operation was asked for while no connection is up',
  IPC_CONNECTION_LOST: 'the connection dropped during an operation; the runtime reconnects',
  IPC_OPERATION_TIMEOUT: 'an IPC operation got no answer in time',
  IPC_CLOSED: 'an IPC operation was asked for after the component began stopping',
  CONFIG_INVALID: 'the configuration read at start is invalid as a whole',
  CONFIG_REFUSED: 'a configuration key was refused; its default is used instead (logged, not thrown)',
  STARTUP_FAILED: 'the component failed to start for a reason without a code of its own',
} as const satisfies ErrorCatalogue<string>;

export type RuntimeErrorCode = keyof typeof RUNTIME_ERROR_CODES;

export class RuntimeError extends CodedError<RuntimeErrorCode> {}

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
