// PublishToIoTCore and SubscribeToIoTCore on the local core: the unmodified SDK client, the real
// IPC server, the embedded MQTT broker (aedes) and an independent MQTT client (mqtt.js) standing
// for the cloud side; mqttproxy authorization; offline spooling across a broker restart.
import { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../../emulator/iotcore/embedded-broker.ts';
import {
  connectIotCore,
  type IotCoreLink,
  type IotCoreLinkEvent,
} from '../../../emulator/iotcore/iot-core-link.ts';
import { until } from '../../helpers/until.ts';
import { type Harness, type SdkClient, startHarness } from '../helpers/ipc-harness.ts';

const { QOS } = greengrasscoreipc.model;
let broker: EmbeddedBroker;
let link: IotCoreLink;
let harness: Harness;
const events: IotCoreLinkEvent[] = [];
const cloudClients: MqttClient[] = [];

/** A component with the given mqttproxy policy (none: no accessControl for it at all). */
async function component(
  name: string,
  policy?: { operations: string[]; resources: string[] },
): Promise<SdkClient> {
  harness.server.configuration.replace(name, {
    accessControl: policy ? { 'aws.greengrass.ipc.mqttproxy': { [`${name}:mqttproxy:1`]: policy } } : {},
  });
  return harness.connect(harness.server.tokens.issue(name));
}

/** An MQTT client of "the cloud" side, subscribed to `filter`, collecting what arrives. */
async function cloudSubscriber(filter: string): Promise<Array<{ topic: string; payload: string }>> {
  const client = await mqtt.connectAsync(broker.url, { clientId: `cloud-${cloudClients.length}` });
  cloudClients.push(client);
  const received: Array<{ topic: string; payload: string }> = [];
  client.on('message', (topic, payload) => received.push({ topic, payload: payload.toString() }));
  await client.subscribeAsync(filter, { qos: 1 });
  return received;
}

/** The modeled error the SDK client reports (its `serviceError`). */
const serviceErrorOf = (error: unknown) => (error as { serviceError?: unknown }).serviceError ?? error;

beforeAll(async () => {
  broker = await startEmbeddedBroker();
  link = connectIotCore({
    url: broker.url,
    clientId: 'test-thing',
    reconnectMs: 100,
    onEvent: (event) => events.push(event),
    spool: { maxMessages: 3, maxBytes: 1024 },
  });
  await until(() => link.connected);
  harness = await startHarness({ iotCore: link });
});

afterEach(async () => {
  await Promise.all(cloudClients.splice(0).map((client) => client.endAsync(true)));
});

afterAll(async () => {
  await harness?.close();
  await link?.close();
  await broker?.close();
});

describe('PublishToIoTCore and SubscribeToIoTCore', () => {
  it('delivers a component publish to an MQTT client of the broker, payload and topic intact', async () => {
    const received = await cloudSubscriber('ml/onnx/#');
    const client = await component('com.example.Publisher', {
      operations: ['aws.greengrass#PublishToIoTCore'],
      resources: ['ml/onnx/+'],
    });
    await client.publishToIoTCore({
      topicName: 'ml/onnx/results',
      qos: QOS.AT_LEAST_ONCE,
      payload: '{"label":"pelican"}',
    });
    await until(() => received.length === 1);
    expect(received).toEqual([{ topic: 'ml/onnx/results', payload: '{"label":"pelican"}' }]);
  });

  it('streams what the cloud publishes on a subscribed filter to the component', async () => {
    const client = await component('com.example.Subscriber', {
      operations: ['aws.greengrass#SubscribeToIoTCore'],
      resources: ['commands/#'],
    });
    const got: Array<{ topic?: string; payload: string }> = [];
    const operation = client.subscribeToIoTCore({ topicName: 'commands/+', qos: QOS.AT_MOST_ONCE });
    operation.on('message', (event) =>
      got.push({
        topic: event.message?.topicName,
        payload: Buffer.from(event.message?.payload as ArrayBuffer).toString(),
      }),
    );
    await operation.activate();
    const cloud = await mqtt.connectAsync(broker.url, { clientId: 'cloud-publisher' });
    cloudClients.push(cloud);
    await cloud.publishAsync('commands/reload', 'now', { qos: 1 });
    await cloud.publishAsync('other/reload', 'not for it', { qos: 1 });
    await until(() => got.length === 1);
    expect(got).toEqual([{ topic: 'commands/reload', payload: 'now' }]);
    await operation.close();
  });

  it('refuses both operations to a component without an mqttproxy policy: UnauthorizedError', async () => {
    const client = await component('com.example.NoPolicy');
    const published = await client
      .publishToIoTCore({ topicName: 'ml/onnx/results', qos: QOS.AT_LEAST_ONCE, payload: 'x' })
      .catch(serviceErrorOf);
    expect(published).toMatchObject({
      _errorCode: 'UnauthorizedError',
      message: expect.stringContaining(
        'not authorized to perform aws.greengrass.ipc.mqttproxy:aws.greengrass#PublishToIoTCore',
      ),
    });
    const subscribed = await client
      .subscribeToIoTCore({ topicName: 'ml/onnx/results', qos: QOS.AT_MOST_ONCE })
      .activate()
      .catch(serviceErrorOf);
    expect(subscribed).toMatchObject({
      _errorCode: 'UnauthorizedError',
      message: expect.stringContaining('aws.greengrass#SubscribeToIoTCore on resource ml/onnx/results'),
    });
  });

  it('holds a policy to its topics: a narrower grant does not cover a wider filter or another topic', async () => {
    const client = await component('com.example.Narrow', {
      operations: ['aws.greengrass#PublishToIoTCore', 'aws.greengrass#SubscribeToIoTCore'],
      resources: ['ml/onnx/results'],
    });
    const other = await client
      .publishToIoTCore({ topicName: 'ml/onnx/other', qos: QOS.AT_MOST_ONCE, payload: 'x' })
      .catch(serviceErrorOf);
    expect(other).toMatchObject({ _errorCode: 'UnauthorizedError' });
    const wide = await client
      .subscribeToIoTCore({ topicName: 'ml/onnx/#', qos: QOS.AT_MOST_ONCE })
      .activate()
      .catch(serviceErrorOf);
    expect(wide).toMatchObject({ _errorCode: 'UnauthorizedError' });
    await expect(
      client.publishToIoTCore({ topicName: 'ml/onnx/results', qos: QOS.AT_MOST_ONCE, payload: 'x' }),
    ).resolves.toBeDefined();
  });

  it('keeps QoS 1 messages while the broker is away (bounded, oldest dropped) and sends them when it returns', async () => {
    const client = await component('com.example.Offline', {
      operations: ['aws.greengrass#PublishToIoTCore'],
      resources: ['offline/#'],
    });
    const port = broker.port;
    await broker.close();
    await until(() => !link.connected);
    for (const n of [1, 2, 3, 4, 5])
      await client.publishToIoTCore({
        topicName: 'offline/results',
        qos: QOS.AT_LEAST_ONCE,
        payload: `message ${n}`,
      });
    await client.publishToIoTCore({ topicName: 'offline/results', qos: QOS.AT_MOST_ONCE, payload: 'qos 0' });
    broker = await startEmbeddedBroker(port);
    const received = await cloudSubscriber('offline/#');
    await until(() => link.connected);
    await until(() => received.length === 3);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The spool holds 3: messages 1 and 2 made room; QoS 0 is not kept offline.
    expect(received.map((message) => message.payload)).toEqual(['message 3', 'message 4', 'message 5']);
    expect(
      events
        .filter((event) => event.type === 'spool-dropped')
        .map((event) => 'reason' in event && event.reason),
    ).toEqual([
      'the spool is full: the oldest message makes room',
      'the spool is full: the oldest message makes room',
      'QoS 0 messages are not kept while offline',
    ]);
  });
});
