// The local core's AWS IoT Core connection to an external broker with mutual TLS, as AWS IoT Core
// requires: Debian's mosquitto with a CA made here, requiring client certificates
// (`require_certificate true`). A component's PublishToIoTCore, through the real IPC server and
// the SDK client, reaches an MQTT client of that broker; a link without a client certificate is
// refused by the broker. .ci/mqtt-broker-deps.sh installs mosquitto and openssl in CI.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectIotCore, type IotCoreLink } from '../../../emulator/iotcore/iot-core-link.ts';
import { until } from '../../helpers/until.ts';
import { type Harness, startHarness } from '../helpers/ipc-harness.ts';

const MOSQUITTO = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((candidate) => existsSync(candidate));
if (!MOSQUITTO) {
  console.warn(
    '\n*** EXTERNAL-BROKER TLS TEST SKIPPED: no mosquitto (bash .ci/mqtt-broker-deps.sh installs it) ***\n',
  );
}

let dir: string;
let broker: ChildProcess;
let port: number;
const links: IotCoreLink[] = [];
let harness: Harness;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as { port: number };
      server.close(() => resolve(free));
    });
  });

function openssl(...args: string[]): void {
  execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
}

/** A key and a certificate for `name`, signed by the test CA (with the SAN for the server). */
function issue(name: string, subject: string, extensions?: string): void {
  openssl(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  );
  const ext = extensions ? ['-extfile', `${name}.ext`] : [];
  if (extensions) writeFileSync(path.join(dir, `${name}.ext`), extensions);
  openssl(
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '1',
    '-out',
    `${name}.pem`,
    ...ext,
  );
}

describe.skipIf(!MOSQUITTO)('AWS IoT Core through an external broker with mutual TLS (mosquitto)', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'mqtt-tls-'));
    openssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.pem',
      '-days',
      '1',
      '-subj',
      '/CN=test-ca',
    );
    issue('server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\n');
    issue('device', '/CN=test-thing');
    // Run as root, mosquitto drops to its own user, which must be able to read the files.
    chmodSync(dir, 0o755);
    for (const file of readdirSync(dir)) chmodSync(path.join(dir, file), 0o644);
    port = await freePort();
    writeFileSync(
      path.join(dir, 'mosquitto.conf'),
      [
        `listener ${port} 127.0.0.1`,
        `cafile ${path.join(dir, 'ca.pem')}`,
        `certfile ${path.join(dir, 'server.pem')}`,
        `keyfile ${path.join(dir, 'server.key')}`,
        'require_certificate true',
        'use_identity_as_username true',
        'allow_anonymous true',
        'persistence false',
        '',
      ].join('\n'),
    );
    broker = spawn(MOSQUITTO as string, ['-c', path.join(dir, 'mosquitto.conf')], { stdio: 'ignore' });
    const link = connectIotCore({
      url: `mqtts://127.0.0.1:${port}`,
      clientId: 'test-thing',
      reconnectMs: 200,
      tls: {
        caFile: path.join(dir, 'ca.pem'),
        certFile: path.join(dir, 'device.pem'),
        keyFile: path.join(dir, 'device.key'),
      },
    });
    links.push(link);
    await until(() => link.connected);
    harness = await startHarness({ iotCore: link });
  }, 60_000);

  afterAll(async () => {
    await harness?.close();
    await Promise.all(links.map((link) => link.close()));
    broker?.kill();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("delivers a component's PublishToIoTCore through the TLS broker", async () => {
    const cloud = await mqtt.connectAsync(`mqtts://127.0.0.1:${port}`, {
      clientId: 'cloud-reader',
      ca: readFileSync(path.join(dir, 'ca.pem')),
      cert: readFileSync(path.join(dir, 'device.pem')),
      key: readFileSync(path.join(dir, 'device.key')),
    });
    const received: string[] = [];
    cloud.on('message', (topic, payload) => received.push(`${topic} ${payload.toString()}`));
    await cloud.subscribeAsync('ml/#', { qos: 1 });
    harness.server.configuration.replace('com.example.Tls', {
      accessControl: {
        'aws.greengrass.ipc.mqttproxy': {
          'com.example.Tls:mqttproxy:1': {
            operations: ['aws.greengrass#PublishToIoTCore'],
            resources: ['ml/#'],
          },
        },
      },
    });
    const client = await harness.connect(harness.server.tokens.issue('com.example.Tls'));
    await client.publishToIoTCore({
      topicName: 'ml/onnx/image-classification',
      qos: greengrasscoreipc.model.QOS.AT_LEAST_ONCE,
      payload: '{"label":"pelican"}',
    });
    await until(() => received.length === 1);
    expect(received).toEqual(['ml/onnx/image-classification {"label":"pelican"}']);
    await cloud.endAsync(true);
  });

  it('is refused by the broker without a client certificate', async () => {
    const link = connectIotCore({
      url: `mqtts://127.0.0.1:${port}`,
      clientId: 'no-certificate',
      reconnectMs: 200,
      tls: { caFile: path.join(dir, 'ca.pem') },
    });
    links.push(link);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(link.connected).toBe(false);
  });
});
