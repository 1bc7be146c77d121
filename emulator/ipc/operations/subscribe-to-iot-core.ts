// aws.greengrass#SubscribeToIoTCore: authorize the filter (mqttproxy policies), subscribe at the
// broker before answering, so a message published after the call returns reaches the stream;
// each message is an IoTCoreMessage event `{message: {topicName, payload}}` (payload base64).

import { MQTT_PROXY_SERVICE_ID } from '../../auth/policy.ts';
import { checkTopicFilter } from '../../iotcore/mqtt-topics.ts';
import { IpcServiceError } from '../errors.ts';
import type { EventStream, OperationHandler } from '../operation-types.ts';
import { readQos } from './iot-core-request.ts';
import { requiredString } from './request-fields.ts';
import { requirePermission } from './require-permission.ts';
import type { IpcServices } from './services.ts';

const OPERATION = 'SubscribeToIoTCore';

export function createSubscribeToIoTCoreHandler(services: IpcServices): OperationHandler {
  return async (call) => {
    const filter = requiredString(call.request, 'topicName', OPERATION);
    requirePermission(
      services.authorizer,
      MQTT_PROXY_SERVICE_ID,
      call.principal,
      'aws.greengrass#SubscribeToIoTCore',
      filter,
    );
    const qos = readQos(call.request, OPERATION);
    const checked = checkTopicFilter(filter);
    if (!checked.ok) throw new IpcServiceError('ServiceError', `${OPERATION}: ${checked.problem}`);
    const link = services.iotCore;
    if (!link)
      throw new IpcServiceError('ServiceError', `${OPERATION}: this core has no AWS IoT Core connection`);
    let stream: EventStream | undefined;
    const unsubscribe = await link.subscribe(filter, qos, (topicName, payload) => {
      stream?.send({ message: { topicName, payload: Buffer.from(payload).toString('base64') } });
    });
    return {
      onStreamOpen: (events) => {
        stream = events;
        return unsubscribe;
      },
    };
  };
}
