// The local core's AWS IoT Core: the embedded MQTT broker on a localhost port by default, or an
// external broker given by URL (with TLS and a client certificate, as AWS IoT Core needs), and
// the link the IPC server's PublishToIoTCore and SubscribeToIoTCore use (iotcore/).
import { type EmbeddedBroker, startEmbeddedBroker } from '../iotcore/embedded-broker.ts';
import { connectIotCore, type IotCoreLink, type IotCoreLinkEvent } from '../iotcore/iot-core-link.ts';
import type { LogLevel } from '../logs/core-logger.ts';
import type { IotCoreOptions } from './core-options.ts';

export interface IotCoreConnection {
  readonly link: IotCoreLink;
  /** The broker's URL; `embedded` when the core started it. */
  readonly url: string;
  readonly embedded: boolean;
  close(): Promise<void>;
}

type Log = (level: LogLevel, event: string, message: string, context?: Record<string, string>) => void;

export async function openIotCore(
  options: IotCoreOptions,
  clientId: string,
  log: Log,
): Promise<IotCoreConnection> {
  let broker: EmbeddedBroker | undefined;
  if (options.brokerUrl === undefined) broker = await startEmbeddedBroker(options.port ?? 0);
  const url = options.brokerUrl ?? (broker as EmbeddedBroker).url;
  const link = connectIotCore({
    url,
    clientId,
    ...(options.caFile || options.certFile || options.keyFile
      ? {
          tls: {
            ...(options.caFile ? { caFile: options.caFile } : {}),
            ...(options.certFile ? { certFile: options.certFile } : {}),
            ...(options.keyFile ? { keyFile: options.keyFile } : {}),
          },
        }
      : {}),
    onEvent: (event) => logEvent(event, log),
  });
  return {
    link,
    url,
    embedded: broker !== undefined,
    async close() {
      await link.close();
      await broker?.close();
    },
  };
}

function logEvent(event: IotCoreLinkEvent, log: Log): void {
  switch (event.type) {
    case 'connected':
      log('INFO', 'iotcore-connected', 'Connected to AWS IoT Core (MQTT broker)', {
        url: event.url,
        spooledMessagesSent: String(event.flushed),
      });
      return;
    case 'disconnected':
      log(
        'WARN',
        'iotcore-disconnected',
        'Lost the AWS IoT Core (MQTT broker) connection; spooling QoS 1 messages',
        {
          url: event.url,
        },
      );
      return;
    case 'spool-dropped':
      log('WARN', 'iotcore-message-dropped', 'A message for AWS IoT Core was dropped while offline', {
        topic: event.topic,
        reason: event.reason,
      });
      return;
    case 'error':
      log('DEBUG', 'iotcore-error', event.message);
      return;
  }
}
