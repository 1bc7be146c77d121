// The greengrass-cli operations are the Greengrass CLI's alone (CLIEventStreamAgent.authorizeRequest):
// only the principal of the CLI's token file may call them; any component gets UnauthorizedError.
// That shape is not declared for these operations in the IPC model, so the JS SDK reports it as
// an InternalError naming aws.greengrass#UnauthorizedError, exactly as against a nucleus (docs/ipc-protocol.md#modeled-errors).

import { CLI_COMPONENT } from '../core/builtin-components.ts';
import { IpcServiceError } from '../ipc/errors.ts';
import type { OperationCall } from '../ipc/operation-types.ts';

export function requireCliPrincipal(call: OperationCall): void {
  if (call.principal === CLI_COMPONENT) return;
  throw new IpcServiceError(
    'UnauthorizedError',
    `${call.principal} is not authorized to perform ${call.operation.name}: the local deployment and component operations are reserved for the Greengrass CLI (${CLI_COMPONENT})`,
  );
}
