// aws.greengrass#ValidateAuthorizationToken (docs/ipc-protocol.md#validateauthorizationtoken; nucleus AuthorizationIPCAgent): only
// Stream Manager may ask; an unknown token is an InvalidTokenError, not isValid:false.

import { IpcServiceError } from '../errors.ts';
import type { OperationHandler } from '../operation-types.ts';
import { requiredString } from './request-fields.ts';
import type { IpcServices } from './services.ts';

export const STREAM_MANAGER_COMPONENT = 'aws.greengrass.StreamManager';

export function createValidateAuthorizationTokenHandler(services: IpcServices): OperationHandler {
  return (call) => {
    if (call.principal !== STREAM_MANAGER_COMPONENT) {
      throw new IpcServiceError(
        'UnauthorizedError',
        `${call.principal} is not authorized to perform aws.greengrass#ValidateAuthorizationToken`,
      );
    }
    const token = requiredString(call.request, 'token', 'ValidateAuthorizationToken');
    if (services.tokens.lookup(token) === undefined) {
      throw new IpcServiceError(
        'InvalidTokenError',
        'Invalid token used by stream manager when trying to authorize',
      );
    }
    return { response: { isValid: true } };
  };
}
