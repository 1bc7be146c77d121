// aws.greengrass#PublishToIoTCore: authorize the topic (mqttproxy policies), check it and the
// payload against AWS IoT Core's limits, hand the message to the core's IoT Core link (sent, or
// spooled while the broker is away), answer `{}`.

import { checkPublishTopic } from '../../iotcore/mqtt-topics.ts';
import { IpcServiceError } from '../errors.ts';
import type { OperationHandler } from '../operation-types.ts';
import { readIotCoreCall, readPayload } from './iot-core-request.ts';
import type { IpcServices } from './services.ts';

const OPERATION = 'PublishToIoTCore';
/** AWS IoT Core's largest message (AWS IoT Core quotas, "Message size": 128 KB). */
export const MAX_IOT_CORE_PAYLOAD_BYTES = 128 * 1024;

export function createPublishToIoTCoreHandler(services: IpcServices): OperationHandler {
  return async (call) => {
    const { topic, qos, link } = readIotCoreCall(services, call, OPERATION, checkPublishTopic);
    const payload = readPayload(call.request, OPERATION);
    if (payload.length > MAX_IOT_CORE_PAYLOAD_BYTES)
      throw new IpcServiceError(
        'ServiceError',
        `${OPERATION}: payload of ${payload.length} bytes is over AWS IoT Core's limit of ${MAX_IOT_CORE_PAYLOAD_BYTES} bytes`,
      );
    try {
      await link.publish({ topic, payload, qos });
    } catch (error) {
      throw new IpcServiceError('ServiceError', `${OPERATION}: ${(error as Error).message}`);
    }
    return {};
  };
}
