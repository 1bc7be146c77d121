// The IPC server's error catalogue: the modeled error shapes the SDK client understands, the
// unmodeled handler failure, and the coded errors of the server's own setup. Wire behaviour
// follows docs/ipc-protocol.md#modeled-errors

import type { JsonObject } from '../util/json.ts';

/** Error shapes of the Greengrass IPC model (`aws.greengrass#<shape>`), docs/ipc-protocol.md#modeled-errors. */
export type IpcErrorShape =
  | 'UnauthorizedError'
  | 'ServiceError'
  | 'InvalidArgumentsError'
  | 'ResourceNotFoundError'
  | 'InvalidTokenError'
  | 'ConflictError'
  | 'FailedUpdateConditionCheckError'
  | 'ComponentNotFoundError'
  | 'InvalidRecipeDirectoryPathError'
  | 'InvalidArtifactsDirectoryPathError'
  | 'InvalidCredentialError'
  | 'InvalidClientDeviceAuthTokenError';

/** `_service` carried by every Java-side modeled error body (docs/ipc-protocol.md#modeled-errors). */
export const GREENGRASS_SERVICE_NAME = 'aws.greengrass#GreengrassCoreIPC';

/**
 * A modeled error: answered as ApplicationError + TerminateStream with `service-model-type`
 * naming the shape. Operation handlers throw it; the connection and other streams carry on.
 */
export class IpcServiceError extends Error {
  override readonly name = 'IpcServiceError';
  readonly shape: IpcErrorShape;
  /** Extra members of the shape, e.g. `resourceType`/`resourceName` of ResourceNotFoundError. */
  readonly fields: JsonObject;

  constructor(shape: IpcErrorShape, message: string, fields: JsonObject = {}, options?: ErrorOptions) {
    super(message, options);
    this.shape = shape;
    this.fields = fields;
  }
}

/**
 * A request that does not fit the service model (e.g. a JSON array as `jsonMessage.message`).
 * The Java server answers these unmodeled: ApplicationError, `text/plain`, body
 * `InternalServerError` (docs/ipc-protocol.md#unmodeled-errors).
 */
export class IpcRequestShapeError extends Error {
  override readonly name = 'IpcRequestShapeError';
}

/** The body of a modeled error: the shape's members plus `_service`/`_message`/`_errorCode`. */
export function buildErrorBody(error: IpcServiceError): JsonObject {
  return {
    message: error.message,
    ...error.fields,
    _service: GREENGRASS_SERVICE_NAME,
    _message: error.message,
    _errorCode: error.shape,
  };
}

/** Codes of the server's own failures (setup, limits); stable, asserted on by tests. */
export const IPC_SERVER_ERROR_CODES = [
  'IPC_SOCKET_PATH_TOO_LONG',
  'IPC_SOCKET_PATH_NOT_A_SOCKET',
  'IPC_SOCKET_IN_USE',
  'IPC_INVALID_LIMITS',
  'IPC_OPERATION_ALREADY_REGISTERED',
  'IPC_UNKNOWN_OPERATION',
] as const;
export type IpcServerErrorCode = (typeof IPC_SERVER_ERROR_CODES)[number];

export class IpcServerError extends Error {
  override readonly name = 'IpcServerError';
  readonly code: IpcServerErrorCode;

  constructor(code: IpcServerErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}
