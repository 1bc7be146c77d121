// iotcore pub | sub, as greengrass-cli's (IotCoreCommand): through the core's IPC with the CLI's
// own identity, so they go where a component's PublishToIoTCore goes: the core's MQTT broker.
import { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { CliError } from '../cli-error.ts';
import { closeQuietly, connectToCore, describeRpcError, runUntilStopped, withCore } from '../core-client.ts';
import { readTextOrFile } from '../input-files.ts';
import type { Output } from '../output.ts';

const toQos = (qos: 0 | 1) =>
  qos === 1 ? greengrasscoreipc.model.QOS.AT_LEAST_ONCE : greengrasscoreipc.model.QOS.AT_MOST_ONCE;

export async function publishToIotCore(
  root: string,
  command: { topic: string; message: string; qos: 0 | 1 },
  output: Output,
): Promise<number> {
  const bytes = readTextOrFile(command.message);
  await withCore(root, 'iotcore pub', (client) =>
    client.publishToIoTCore({ topicName: command.topic, qos: toQos(command.qos), payload: bytes }),
  );
  output.err(`Published ${bytes.length} bytes to AWS IoT Core topic ${command.topic}`);
  return 0;
}

/** Resolves with the exit code: 0 after SIGINT/SIGTERM, 1 when the core closed the subscription. */
export async function subscribeToIotCore(
  root: string,
  command: { topic: string; qos: 0 | 1 },
  output: Output,
): Promise<number> {
  const client = await connectToCore(root);
  const operation = client.subscribeToIoTCore({ topicName: command.topic, qos: toQos(command.qos) });
  try {
    operation.on('message', (event) => {
      const message = event.message;
      if (!message) return;
      const payload = Buffer.from(message.payload as ArrayBuffer).toString('utf8');
      output.out(`${message.topicName}: ${payload}`);
    });
    await operation.activate();
  } catch (error) {
    await closeQuietly(client);
    throw new CliError('OPERATION_FAILED', `iotcore sub failed: ${describeRpcError(error)}`, {
      cause: error,
    });
  }
  output.err(`Subscribed to AWS IoT Core topic filter ${command.topic} (Ctrl+C to stop)`);
  return runUntilStopped(client, operation, root, (line) => output.err(line));
}
