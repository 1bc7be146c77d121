// aws.greengrass#SubscribeToIoTCore: authorize the filter (mqttproxy policies), subscribe at the
// broker before answering, so a message published after the call returns reaches the stream;
// each message is an IoTCoreMessage event `{message: {topicName, payload}}` (payload base64).

import { checkTopicFilter } from '../../iotcore/mqtt-topics.ts';
import type { EventStream, OperationHandler } from '../operation-types.ts';
import { readIotCoreCall } from './iot-core-request.ts';
import type { IpcServices } from './services.ts';

const OPERATION = 'SubscribeToIoTCore';

export function createSubscribeToIoTCoreHandler(services: IpcServices): OperationHandler {
  return async (call) => {
    const { topic: filter, qos, link } = readIotCoreCall(services, call, OPERATION, checkTopicFilter);
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
