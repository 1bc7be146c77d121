// aws.greengrass#UpdateState (docs/ipc-protocol.md#updatestate): the caller reports its own lifecycle state; the
// core's lifecycle (part 2) listens through IpcServer.onStateReported.

import { IpcServiceError } from '../errors.ts';
import type { OperationHandler } from '../operation-types.ts';
import { requiredString } from './request-fields.ts';
import { type IpcServices, REPORTED_STATES, type ReportedState } from './services.ts';

export function createUpdateStateHandler(services: IpcServices): OperationHandler {
  return (call) => {
    const state = requiredString(call.request, 'state', 'UpdateState');
    if (!(REPORTED_STATES as readonly string[]).includes(state)) {
      throw new IpcServiceError(
        'ServiceError',
        `state must be one of ${REPORTED_STATES.join(', ')}, got ${JSON.stringify(state)}`,
      );
    }
    services.reportState(call.principal, state as ReportedState);
    return {};
  };
}
