// aws.greengrass#UpdateConfiguration (docs/ipc-protocol.md#updateconfiguration; nucleus ConfigStoreIPCEventStreamAgent):
// merges `valueToMerge` into the caller's own configuration at `keyPath`. accessControl is out
// of reach; a timestamp older than the node's latest change fails after the merge, as there.

import { isJsonObject } from '../../util/json.ts';
import { IpcServiceError } from '../errors.ts';
import type { OperationHandler } from '../operation-types.ts';
import { optionalNumber, optionalStringList } from './request-fields.ts';
import type { IpcServices } from './services.ts';

const OPERATION = 'UpdateConfiguration';
const RESTRICTED_TOP_LEVEL_KEYS: readonly string[] = ['accessControl'];
const MS_PER_SECOND = 1000;

export function createUpdateConfigurationHandler(services: IpcServices): OperationHandler {
  return (call) => {
    const keyPath = optionalStringList(call.request, 'keyPath', OPERATION) ?? [];
    const timestampSeconds = optionalNumber(call.request, 'timestamp', OPERATION);
    if (timestampSeconds === undefined)
      throw new IpcServiceError('InvalidArgumentsError', 'Timestamp is required');
    const valueToMerge = call.request.valueToMerge;
    if (!isJsonObject(valueToMerge))
      throw new IpcServiceError('InvalidArgumentsError', 'ValueToMerge is required');
    const touchesRestricted =
      keyPath.length === 0
        ? Object.keys(valueToMerge).some((key) => RESTRICTED_TOP_LEVEL_KEYS.includes(key))
        : RESTRICTED_TOP_LEVEL_KEYS.includes(keyPath[0] ?? '');
    if (touchesRestricted) {
      throw new IpcServiceError(
        'InvalidArgumentsError',
        `Config update is not allowed for following fields [${RESTRICTED_TOP_LEVEL_KEYS.join(', ')}]`,
      );
    }
    // The SDK sends seconds with a fraction (docs/ipc-protocol.md#json-encoding); the store keeps milliseconds.
    const timestampMs = Math.round(timestampSeconds * MS_PER_SECOND);
    const result = services.configuration.merge(call.principal, keyPath, valueToMerge, timestampMs);
    if (result.existed && timestampMs < result.modifiedMs) {
      throw new IpcServiceError(
        'FailedUpdateConditionCheckError',
        "Proposed timestamp is older than the config's latest modified timestamp",
      );
    }
    return {};
  };
}
