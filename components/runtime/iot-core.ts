// Messages to AWS IoT Core through the nucleus (IPC PublishToIoTCore, service
// `aws.greengrass.ipc.mqttproxy`: AWS IoT Greengrass developer guide, "Publish/subscribe AWS IoT
// Core MQTT messages"). The nucleus holds the cloud connection and spools while it is down.
import { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import type { IpcConnection } from './ipc/connection.ts';

export type IotCoreQos = 0 | 1;

export async function publishToIotCore(
  connection: IpcConnection,
  topic: string,
  payload: Uint8Array,
  qos: IotCoreQos,
): Promise<void> {
  const { QOS } = greengrasscoreipc.model;
  await connection.run((client) =>
    client.publishToIoTCore({
      topicName: topic,
      qos: qos === 1 ? QOS.AT_LEAST_ONCE : QOS.AT_MOST_ONCE,
      payload,
    }),
  );
}
