// The AWS IoT Core of a core started from the command line, as a user meets it: `start` prints the
// embedded broker's address, `iotcore sub` prints what `iotcore pub` sent, and any MQTT client of
// the printed broker (mqtt.js here, mosquitto_sub for a user) sees the same message.
import fs from 'node:fs';
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CliProcess, runCli } from '../helpers/cli-process.ts';
import { until } from '../helpers/until.ts';

let root: string;
let core: CliProcess;
let brokerUrl: string;

beforeAll(async () => {
  root = fs.mkdtempSync('/tmp/ggi-');
  core = new CliProcess(['start', '--root', root]);
  const line = await core.waitForLine(/^ {2}IoT Core: {3}mqtt:\/\/127\.0\.0\.1:\d+ \(embedded MQTT broker/);
  brokerUrl = /mqtt:\/\/127\.0\.0\.1:\d+/.exec(line)?.[0] as string;
});

afterAll(async () => {
  await core?.stop();
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
});

it('iotcore sub prints what iotcore pub sent, and the printed broker carries it', async () => {
  const cloud = await mqtt.connectAsync(brokerUrl, { clientId: 'cloud-watcher' });
  const seen: string[] = [];
  cloud.on('message', (topic, payload) => seen.push(`${topic} ${payload.toString()}`));
  await cloud.subscribeAsync('ml/#', { qos: 1 });
  const subscriber = new CliProcess(['iotcore', 'sub', '-t', 'ml/+/results', '--root', root]);
  try {
    await subscriber.waitForLine(/^Subscribed to AWS IoT Core topic filter ml\/\+\/results/);
    const published = await runCli([
      'iotcore',
      'pub',
      '-t',
      'ml/onnx/results',
      '-m',
      '{"label":"pelican"}',
      '--root',
      root,
    ]);
    expect(published.code, published.stderr).toBe(0);
    expect(await subscriber.waitForLine(/^ml\/onnx\/results: /)).toBe('ml/onnx/results: {"label":"pelican"}');
    await until(() => seen.length === 1);
    expect(seen).toEqual(['ml/onnx/results {"label":"pelican"}']);
  } finally {
    await subscriber.stop();
    await cloud.endAsync(true);
  }
});
