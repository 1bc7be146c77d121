// aws.greengrass#GetConfiguration (docs/ipc-protocol.md#getconfiguration): any component's configuration, no
// authorization; a leaf comes back as { <lastKey>: value }.

import { IpcServiceError } from '../errors.ts';
import type { OperationHandler } from '../operation-types.ts';
import { optionalString, optionalStringList } from './request-fields.ts';
import type { IpcServices } from './services.ts';

const OPERATION = 'GetConfiguration';
/** The nucleus's message for an unknown component or key (ConfigStoreIPCEventStreamAgent). */
export const KEY_NOT_FOUND_MESSAGE = 'Key not found';

export function createGetConfigurationHandler(services: IpcServices): OperationHandler {
  return (call) => {
    const componentName = optionalString(call.request, 'componentName', OPERATION) ?? call.principal;
    const keyPath = optionalStringList(call.request, 'keyPath', OPERATION) ?? [];
    const found = services.configuration.get(componentName, keyPath);
    if (!found) throw new IpcServiceError('ResourceNotFoundError', KEY_NOT_FOUND_MESSAGE);
    const value = found.kind === 'container' ? found.value : { [found.key]: found.value };
    return { response: { componentName, value } };
  };
}
