// aws.greengrass#PublishToIoTCore: authorize the topic (mqttproxy policies), check it and the
// payload against AWS IoT Core's limits, hand the message to the core's IoT Core link (sent, or
// spooled while the broker is away), answer `{}`.

import { MQTT_PROXY_SERVICE_ID } from '../../auth/policy.ts';
import { checkPublishTopic } from '../../iotcore/mqtt-topics.ts';
import { IpcServiceError } from '../errors.ts';
import type { OperationHandler } from '../operation-types.ts';
import { readPayload, readQos } from './iot-core-request.ts';
import { requiredString } from './request-fields.ts';
import { requirePermission } from './require-permission.ts';
import type { IpcServices } from './services.ts';

const OPERATION = 'PublishToIoTCore';
/** AWS IoT Core's largest message (AWS IoT Core quotas, "Message size": 128 KB). */
export const MAX_IOT_CORE_PAYLOAD_BYTES = 128 * 1024;

export function createPublishToIoTCoreHandler(services: IpcServices): OperationHandler {
  return async (call) => {
    const topic = requiredString(call.request, 'topicName', OPERATION);
    requirePermission(
      services.authorizer,
      MQTT_PROXY_SERVICE_ID,
      call.principal,
      'aws.greengrass#PublishToIoTCore',
      topic,
    );
    const qos = readQos(call.request, OPERATION);
    const payload = readPayload(call.request, OPERATION);
    const checked = checkPublishTopic(topic);
    if (!checked.ok) throw new IpcServiceError('ServiceError', `${OPERATION}: ${checked.problem}`);
    if (payload.length > MAX_IOT_CORE_PAYLOAD_BYTES)
      throw new IpcServiceError(
        'ServiceError',
        `${OPERATION}: payload of ${payload.length} bytes is over AWS IoT Core's limit of ${MAX_IOT_CORE_PAYLOAD_BYTES} bytes`,
      );
    const link = services.iotCore;
    if (!link)
      throw new IpcServiceError('ServiceError', `${OPERATION}: this core has no AWS IoT Core connection`);
    try {
      await link.publish({ topic, payload, qos });
    } catch (error) {
      throw new IpcServiceError('ServiceError', `${OPERATION}: ${(error as Error).message}`);
    }
    return {};
  };
}
