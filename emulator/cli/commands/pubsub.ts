// pubsub pub | sub, as greengrass-cli 2.10+ (PubSubCommand): pub sends a binary message (the text's
// UTF-8 bytes, or a file's bytes); sub prints each message until Ctrl+C or the core goes away.

import type { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { CliError } from '../cli-error.ts';
import { closeQuietly, connectToCore, describeRpcError, runUntilStopped, withCore } from '../core-client.ts';
import { formatSubscriptionMessage } from '../format.ts';
import { readTextOrFile } from '../input-files.ts';
import type { Output } from '../output.ts';

export async function publishMessage(
  root: string,
  topic: string,
  message: string,
  output: Output,
): Promise<number> {
  const bytes = readTextOrFile(message);
  await withCore(root, 'pubsub pub', (client) =>
    client.publishToTopic({ topic, publishMessage: { binaryMessage: { message: bytes } } }),
  );
  output.err(`Published ${bytes.length} bytes to ${topic}`);
  return 0;
}

/** Resolves with the exit code: 0 after SIGINT/SIGTERM, 1 when the core closed the subscription. */
export async function subscribeToTopic(root: string, topic: string, output: Output): Promise<number> {
  const client = await connectToCore(root);
  // Every message on the topic, the CLI's own publishes included (a wildcard filter would default
  // to RECEIVE_MESSAGES_FROM_OTHERS, docs/ipc-protocol.md#local-publishsubscribe, and every CLI process is the same principal).
  const operation = client.subscribeToTopic({
    topic,
    receiveMode: 'RECEIVE_ALL_MESSAGES' as greengrasscoreipc.model.ReceiveMode,
  });
  try {
    operation.on('message', (event) => {
      const text = formatSubscriptionMessage(event);
      if (text !== undefined) output.out(text);
    });
    await operation.activate();
  } catch (error) {
    await closeQuietly(client);
    throw new CliError('OPERATION_FAILED', `pubsub sub failed: ${describeRpcError(error)}`, { cause: error });
  }
  output.err(`Subscribed to ${topic} (Ctrl+C to stop)`);
  return runUntilStopped(client, operation, root, (line) => output.err(line));
}
