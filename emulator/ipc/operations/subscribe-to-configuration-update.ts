// aws.greengrass#SubscribeToConfigurationUpdate (docs/ipc-protocol.md#subscribetoconfigurationupdate): events name the changed node's
// path relative to the configuration root, for changes at or below the subscribed node (or
// above it, when the subscribed node itself is replaced or removed). No event for the initial
// state; none before the response (the dispatcher opens the stream only after writing it).

import type { KeyPath } from '../../config/config-tree.ts';
import { IpcServiceError } from '../errors.ts';
import type { OperationHandler } from '../operation-types.ts';
import { KEY_NOT_FOUND_MESSAGE } from './get-configuration.ts';
import { optionalString, optionalStringList } from './request-fields.ts';
import type { IpcServices } from './services.ts';

const OPERATION = 'SubscribeToConfigurationUpdate';

export function createSubscribeToConfigurationUpdateHandler(services: IpcServices): OperationHandler {
  return (call) => {
    const componentName = optionalString(call.request, 'componentName', OPERATION) ?? call.principal;
    const keyPath = optionalStringList(call.request, 'keyPath', OPERATION) ?? [];
    if (!services.configuration.node(componentName, keyPath)) {
      throw new IpcServiceError('ResourceNotFoundError', KEY_NOT_FOUND_MESSAGE);
    }
    return {
      onStreamOpen: (events) => {
        const stopWatching = services.configuration.onChange((change) => {
          if (change.component !== componentName || !pathsOverlap(change.keyPath, keyPath)) return;
          events.send({ configurationUpdateEvent: { componentName, keyPath: [...change.keyPath] } });
        });
        services.configurationSubscriptions.count += 1;
        return () => {
          stopWatching();
          services.configurationSubscriptions.count -= 1;
        };
      },
    };
  };
}

function pathsOverlap(changed: KeyPath, subscribed: KeyPath): boolean {
  const shared = Math.min(changed.length, subscribed.length);
  for (let index = 0; index < shared; index += 1) if (changed[index] !== subscribed[index]) return false;
  return true;
}
