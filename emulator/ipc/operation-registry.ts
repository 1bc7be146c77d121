// The dispatcher table: operation name to handler. The built-in services register here at
// start; later parts (deployments, component control) add their operations the same way. A
// known operation nobody registered answers ServiceError "not supported" (docs/ipc-protocol.md#unmodeled-errors).

import { IpcServerError } from './errors.ts';
import type { OperationHandler } from './operation-types.ts';
import { lookupOperation, type OperationName } from './service-model.ts';

export class OperationRegistry {
  readonly #handlers = new Map<OperationName, OperationHandler>();

  register(name: OperationName, handler: OperationHandler): void {
    const model = lookupOperation(name);
    if (!model) {
      throw new IpcServerError(
        'IPC_UNKNOWN_OPERATION',
        `Cannot register ${name}: the Greengrass IPC service model has no such operation (names look like aws.greengrass#ListComponents)`,
      );
    }
    if (this.#handlers.has(model.name)) {
      throw new IpcServerError(
        'IPC_OPERATION_ALREADY_REGISTERED',
        `A handler for ${name} is already registered`,
      );
    }
    this.#handlers.set(model.name, handler);
  }

  get(name: OperationName): OperationHandler | undefined {
    return this.#handlers.get(name);
  }
}
