// Typed local publish/subscribe over a reconnecting IPC connection. Subscriptions are session
// hooks, so they are made again on every new client after a reconnection.
import { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import type { Logger } from 'pino';
import { describeError } from './errors.ts';
import type { IpcConnection } from './ipc/connection.ts';
import {
  buildPublishRequest,
  type IncomingMessage,
  type OutgoingMessage,
  parseSubscriptionMessage,
} from './ipc/messages.ts';

export type ReceiveMode = greengrasscoreipc.model.ReceiveMode;
export const ReceiveMode = greengrasscoreipc.model.ReceiveMode;

export interface SubscribeOptions {
  readonly receiveMode?: ReceiveMode;
}

export type MessageHandler = (message: IncomingMessage) => void | Promise<void>;

export interface Subscription {
  readonly topic: string;
  close(): Promise<void>;
}

export async function publish(
  connection: IpcConnection,
  topic: string,
  message: OutgoingMessage,
): Promise<void> {
  const request = buildPublishRequest(topic, message);
  await connection.run((client) => client.publishToTopic(request));
}

export async function subscribe(
  connection: IpcConnection,
  logger: Logger,
  topic: string,
  onMessage: MessageHandler,
  options: SubscribeOptions = {},
): Promise<Subscription> {
  let operation: ReturnType<greengrasscoreipc.Client['subscribeToTopic']> | undefined;
  const deliver = (event: greengrasscoreipc.model.SubscriptionResponseMessage): void => {
    const message = parseSubscriptionMessage(event, topic);
    if (!message) {
      logger.warn({ topic }, 'ignored a subscription event with neither jsonMessage nor binaryMessage');
      return;
    }
    try {
      const pending = onMessage(message);
      if (pending)
        pending.catch((error: unknown) =>
          logger.error({ topic, err: describeError(error) }, 'message handler failed'),
        );
    } catch (error) {
      logger.error({ topic, err: describeError(error) }, 'message handler failed');
    }
  };
  const removeHook = await connection.addSessionHook(async (client) => {
    const next = client.subscribeToTopic({
      topic,
      ...(options.receiveMode ? { receiveMode: options.receiveMode } : {}),
    });
    next.on('message', deliver);
    // A server-side stream end shows up as `ended` plus a spurious streamError (docs/ipc-protocol.md#streaming-operations);
    // connection loss also ends the stream. Reconnection re-subscribes, so only log here.
    next.on('streamError', (error) =>
      logger.debug({ topic, err: describeError(error) }, 'subscription stream error'),
    );
    await next.activate();
    operation = next;
    logger.info({ topic }, 'subscribed');
  });
  return {
    topic,
    async close() {
      removeHook();
      const current = operation;
      operation = undefined;
      if (current) await current.close().catch(() => undefined);
    },
  };
}
