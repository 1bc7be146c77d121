// com.custom.ImageClassifier sending its results to AWS IoT Core on the local core: the classifier
// process on the real IPC server, whose PublishToIoTCore goes to the embedded MQTT broker, and an
// MQTT client (mqtt.js) standing for the cloud. Also the drop-in configuration of AWS's
// image-classification components (their envelope on their topic, at their interval).

import path from 'node:path';
import type { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replySchema } from '../../components/contract/index.ts';
import { type EmbeddedBroker, startEmbeddedBroker } from '../../emulator/iotcore/embedded-broker.ts';
import { connectIotCore, type IotCoreLink } from '../../emulator/iotcore/iot-core-link.ts';
import { type Harness, startHarness } from '../emulator/helpers/ipc-harness.ts';
import { type NodeComponent, REPO_ROOT } from '../helpers/node-component.ts';
import { CLASSIFIER, recipeDefaults } from '../helpers/recipe-defaults.ts';
import type { ReplyCollector } from '../helpers/reply-collector.ts';
import { until } from '../helpers/until.ts';
import { connectTestClient, launchClassifier } from '../reliability/helpers/classifier-rig.ts';

const PHOTOS = path.join(REPO_ROOT, 'models/files');
const OWN_TOPIC = 'ml/onnx/image-classification';
const AWS_TOPIC = 'ml/dlr/image-classification';

let broker: EmbeddedBroker;
let link: IotCoreLink;
let harness: Harness;
let classifier: NodeComponent;
let client: greengrasscoreipc.Client;
let replies: ReplyCollector;
let cloud: MqttClient;
const inCloud: Array<{ topic: string; message: Record<string, unknown>; at: number }> = [];
let seq = 0;
let defaults: Record<string, unknown>;

async function configure(change: Record<string, unknown>): Promise<void> {
  const from = classifier.lines.length;
  harness.server.configuration.merge(CLASSIFIER, [], change as never, Date.now());
  await classifier.waitFor(
    (line) => line.msg === 'configuration applied' && classifier.lines.indexOf(line) >= from,
  );
}

async function classify(file: string) {
  const id = `cloud-${++seq}`;
  await client.publishToTopic({
    topic: 'local/inference',
    publishMessage: { jsonMessage: { message: { id, image: { path: path.join(PHOTOS, file) } } } },
  });
  return replies.waitFor(id);
}

const connectCloud = async () => {
  cloud = await mqtt.connectAsync(broker.url, { clientId: `cloud-${Date.now()}` });
  cloud.on('message', (topic, payload) =>
    inCloud.push({ topic, message: JSON.parse(payload.toString()), at: Date.now() }),
  );
  await cloud.subscribeAsync('ml/#', { qos: 1 });
};

beforeAll(async () => {
  broker = await startEmbeddedBroker();
  link = connectIotCore({ url: broker.url, clientId: 'test-thing', reconnectMs: 100 });
  await until(() => link.connected);
  harness = await startHarness({ iotCore: link });
  defaults = await recipeDefaults(CLASSIFIER);
  const launched = await launchClassifier(
    harness,
    { ImageRoots: [PHOTOS] },
    { AWS_IOT_THING_NAME: 'pi-kitchen' },
  );
  classifier = launched.classifier;
  const test = await connectTestClient(harness);
  client = test.client;
  replies = test.replies;
  await connectCloud();
  await launched.running;
}, 60_000);

afterAll(async () => {
  await classifier?.stop();
  await cloud?.endAsync(true);
  await harness?.close();
  await link?.close();
  await broker?.close();
});

describe('results to AWS IoT Core', () => {
  it('publishes nothing to the cloud by default', async () => {
    const before = inCloud.length;
    expect(await classify('pelican.jpeg')).toMatchObject({ status: 'ok', label: 'pelican' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(inCloud.length).toBe(before);
  });

  it('with IoTCoreTopic, sends each reply to the cloud too, with the thing name', async () => {
    await configure({ IoTCoreTopic: OWN_TOPIC });
    const local = await classify('pelican.jpeg');
    await until(() => inCloud.some((entry) => entry.message.id === local.id));
    const sent = inCloud.filter((entry) => entry.message.id === local.id);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.topic).toBe(OWN_TOPIC);
    const { thingName, ...reply } = (sent[0]?.message ?? {}) as Record<string, unknown>;
    expect(thingName).toBe('pi-kitchen');
    expect(replySchema.parse(reply)).toEqual(local);
  });

  it('keeps answering locally while the broker is down, and the spooled results arrive when it returns', async () => {
    const port = broker.port;
    await cloud.endAsync(true);
    await broker.close();
    await until(() => !link.connected);
    const local = [await classify('cat.jpeg'), await classify('dog.jpg')];
    expect(local.map((reply) => reply.status)).toEqual(['ok', 'ok']);
    broker = await startEmbeddedBroker(port);
    await connectCloud();
    await until(() => link.connected);
    await until(() => local.every((reply) => inCloud.some((entry) => entry.message.id === reply.id)));
  });

  it('logs a refused cloud publish and still answers locally (no mqttproxy policy for the topic)', async () => {
    await configure({ IoTCoreTopic: 'ml/elsewhere' });
    const from = classifier.lines.length;
    expect(await classify('macaw.jpg')).toMatchObject({ status: 'ok' });
    const warned = await classifier.waitFor(
      (line) =>
        line.msg === 'could not publish the result to AWS IoT Core; the local reply was sent' &&
        classifier.lines.indexOf(line) >= from,
    );
    expect(String(warned.err)).toMatch(/not authorized/i);
    await configure({ IoTCoreTopic: '' });
  });
});

describe("drop-in for AWS's image-classification components", () => {
  it('classifies ImageName every InferenceInterval and publishes their envelope on PublishResultsOnTopic', async () => {
    // What a deployment written for aws.greengrass.DLRImageClassification merges, strings and all.
    await configure({
      ImageDirectory: PHOTOS,
      ImageName: 'cat.jpeg',
      InferenceInterval: '1',
      PublishResultsOnTopic: AWS_TOPIC,
      accessControl: {
        ...(defaults.accessControl as Record<string, unknown>),
        'aws.greengrass.ipc.mqttproxy': {
          'com.custom.ImageClassifier:mqttproxy:1': {
            policyDescription: 'Allows access to publish via topic ml/dlr/image-classification.',
            operations: ['aws.greengrass#PublishToIoTCore'],
            resources: [AWS_TOPIC],
          },
        },
      },
    });
    const start = Date.now();
    await until(
      () => inCloud.filter((entry) => entry.topic === AWS_TOPIC && entry.at >= start).length >= 3,
      8000,
    );
    const envelopes = inCloud.filter((entry) => entry.topic === AWS_TOPIC && entry.at >= start).slice(0, 3);
    expect(Object.keys(envelopes[0]?.message ?? {})).toEqual([
      'timestamp',
      'inference-type',
      'inference-description',
      'inference-results',
    ]);
    expect(envelopes[0]?.message).toMatchObject({
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/),
      'inference-type': 'image-classification',
      'inference-description': 'Top 5 predictions with score 0 or above ',
      'inference-results': expect.arrayContaining([
        { Label: 'tabby', Score: expect.stringMatching(/^0\.\d+$/) },
      ]),
    });
    // At that period, not faster: a late first result (a loaded host) can only make this fewer.
    const first = envelopes[0]?.at ?? 0;
    const soon = inCloud.filter(
      (entry) => entry.topic === AWS_TOPIC && entry.at >= first && entry.at < first + 1500,
    );
    expect(soon.length).toBeLessThanOrEqual(2);
    await configure({ InferenceInterval: 0, PublishResultsOnTopic: '' });
  }, 20_000);
});
