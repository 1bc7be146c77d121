// The IPC server's error catalogue: the modeled error shapes the SDK client understands, the
// unmodeled handler failure, and the coded errors of the server's own setup. Wire behaviour
// follows docs/ipc-protocol.md#modeled-errors

import { CodedError, type ErrorCatalogue } from '../../common/coded-error.ts';
import type { JsonObject } from '../util/json.ts';

/** Error shapes of the Greengrass IPC model (`aws.greengrass#<shape>`), docs/ipc-protocol.md#modeled-errors. */
export const IPC_ERROR_SHAPES = {
  UnauthorizedError: 'the caller has no accessControl policy for the operation and resource',
  ServiceError: 'the operation failed inside the core (the message says why)',
  InvalidArgumentsError:
    'the request is well-formed but a value is not allowed (e.g. a wildcard in a publish topic)',
  ResourceNotFoundError: 'the component or configuration key named does not exist',
  InvalidTokenError: 'the token given to ValidateAuthorizationToken is unknown',
  ConflictError: 'the request conflicts with the current state',
  FailedUpdateConditionCheckError: 'an UpdateConfiguration timestamp older than the stored one',
  ComponentNotFoundError: 'a greengrass-cli operation named an unknown component',
  InvalidRecipeDirectoryPathError: 'a deployment named a recipe folder that cannot be read',
  InvalidArtifactsDirectoryPathError: 'a deployment named an artifact folder that cannot be read',
  InvalidCredentialError: 'credentials the operation needs are missing or invalid',
  InvalidClientDeviceAuthTokenError: 'a client device token is not valid',
} as const satisfies ErrorCatalogue<string>;

export type IpcErrorShape = keyof typeof IPC_ERROR_SHAPES;

/** `_service` carried by every Java-side modeled error body (docs/ipc-protocol.md#modeled-errors). */
export const GREENGRASS_SERVICE_NAME = 'aws.greengrass#GreengrassCoreIPC';

/**
 * A modeled error: answered as ApplicationError + TerminateStream with `service-model-type`
 * naming the shape. Operation handlers throw it; the connection and other streams carry on.
 */
export class IpcServiceError extends CodedError<IpcErrorShape> {
  /** Extra members of the shape, e.g. `resourceType`/`resourceName` of ResourceNotFoundError. */
  readonly fields: JsonObject;

  constructor(shape: IpcErrorShape, message: string, fields: JsonObject = {}, options?: ErrorOptions) {
    super(shape, message, options);
    this.fields = fields;
  }
}

/**
 * A request that does not fit the service model (e.g. a JSON array as `jsonMessage.message`).
 * The Java server answers these unmodeled: ApplicationError, `text/plain`, body
 * `InternalServerError` (docs/ipc-protocol.md#unmodeled-errors).
 */
export class IpcRequestShapeError extends CodedError<'REQUEST_SHAPE_INVALID'> {
  constructor(message: string, options?: ErrorOptions) {
    super('REQUEST_SHAPE_INVALID', message, options);
  }
}

/** The body of a modeled error: the shape's members plus `_service`/`_message`/`_errorCode`. */
export function buildErrorBody(error: IpcServiceError): JsonObject {
  return {
    message: error.message,
    ...error.fields,
    _service: GREENGRASS_SERVICE_NAME,
    _message: error.message,
    _errorCode: error.code,
  };
}

/** Codes of the server's own failures (setup, limits), with their meaning. */
export const IPC_SERVER_ERROR_CODES = {
  IPC_SOCKET_PATH_TOO_LONG: 'the socket path is longer than a Unix socket allows (107 bytes)',
  IPC_SOCKET_PATH_NOT_A_SOCKET: 'a file that is not a socket is in the way; it is left alone',
  IPC_SOCKET_IN_USE: 'another server is listening on the socket',
  IPC_INVALID_LIMITS: 'an IPC limit is out of range (the message names each)',
  IPC_OPERATION_ALREADY_REGISTERED: 'an operation handler was registered twice',
  IPC_UNKNOWN_OPERATION: 'a handler was registered for an operation the service model does not have',
  REQUEST_SHAPE_INVALID:
    'a request does not fit the service model; answered as an unmodeled InternalServerError',
} as const satisfies ErrorCatalogue<string>;
export type IpcServerErrorCode = keyof typeof IPC_SERVER_ERROR_CODES;

export class IpcServerError extends CodedError<IpcServerErrorCode> {
  constructor(code: IpcServerErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}
