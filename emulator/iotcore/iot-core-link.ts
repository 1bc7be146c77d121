// The local core's stand-in for its connection to AWS IoT Core: an MQTT client (mqtt.js) to a
// broker, the embedded one by default (embedded-broker.ts) or any given by URL, with TLS and a
// client certificate as AWS IoT Core requires (mqtts://). PublishToIoTCore and SubscribeToIoTCore
// go through it. While the broker is unreachable, QoS 1 messages wait in a bounded spool
// (spool.ts) and go out, oldest first, when it is back; subscriptions are made again on
// reconnection (mqtt.js `resubscribe`).
import { readFileSync } from 'node:fs';
import mqtt, { type IClientOptions, type MqttClient } from 'mqtt';
import { topicMatches } from './mqtt-topics.ts';
import { DEFAULT_SPOOL_LIMITS, Spool, type SpooledMessage, type SpoolLimits } from './spool.ts';

export interface IotCoreLinkOptions {
  /** mqtt://host:port, or mqtts://host:port with `tls`. */
  readonly url: string;
  /** The MQTT client id: the core device's thing name, as the nucleus connects. */
  readonly clientId: string;
  /** PEM files: the broker's CA, the device certificate and its private key. */
  readonly tls?: { readonly caFile?: string; readonly certFile?: string; readonly keyFile?: string };
  readonly spool?: SpoolLimits;
  /** Time between reconnection attempts. */
  readonly reconnectMs?: number;
  readonly onEvent?: (event: IotCoreLinkEvent) => void;
}

export type IotCoreLinkEvent =
  | { readonly type: 'connected'; readonly url: string; readonly flushed: number }
  | { readonly type: 'disconnected'; readonly url: string }
  | { readonly type: 'spool-dropped'; readonly topic: string; readonly reason: string }
  | { readonly type: 'error'; readonly message: string };

export type IncomingMessage = (topic: string, payload: Uint8Array) => void;

export interface IotCoreLink {
  readonly url: string;
  readonly connected: boolean;
  /** Resolves when the broker took it (QoS 1: PUBACK; QoS 0: sent) or it waits in the spool. */
  publish(message: SpooledMessage): Promise<void>;
  /** Subscribes `filter` at the broker (shared by every local subscriber); returns the unsubscribe. */
  subscribe(filter: string, qos: 0 | 1, onMessage: IncomingMessage): Promise<() => void>;
  close(): Promise<void>;
}

export const DEFAULT_RECONNECT_MS = 1000;

export function connectIotCore(options: IotCoreLinkOptions): IotCoreLink {
  const spool = new Spool(options.spool ?? DEFAULT_SPOOL_LIMITS);
  const emit = (event: IotCoreLinkEvent) => options.onEvent?.(event);
  const clientOptions: IClientOptions = {
    clientId: options.clientId,
    clean: true,
    reconnectPeriod: options.reconnectMs ?? DEFAULT_RECONNECT_MS,
    // Offline messages are ours to bound (spool.ts), not mqtt.js's unbounded queue.
    queueQoSZero: false,
    resubscribe: true,
    ...(options.tls?.caFile ? { ca: readFileSync(options.tls.caFile) } : {}),
    ...(options.tls?.certFile ? { cert: readFileSync(options.tls.certFile) } : {}),
    ...(options.tls?.keyFile ? { key: readFileSync(options.tls.keyFile) } : {}),
    rejectUnauthorized: true,
  };
  const client: MqttClient = mqtt.connect(options.url, clientOptions);
  const listeners = new Map<string, Set<IncomingMessage>>();
  let wasConnected = false;

  const send = (message: SpooledMessage): Promise<void> =>
    client
      .publishAsync(message.topic, Buffer.from(message.payload), { qos: message.qos })
      .then(() => undefined);

  client.on('connect', () => {
    const waiting = spool.drain();
    wasConnected = true;
    emit({ type: 'connected', url: options.url, flushed: waiting.length });
    for (const message of waiting)
      send(message).catch((error: Error) =>
        emit({ type: 'error', message: `spooled publish failed: ${error.message}` }),
      );
  });
  client.on('close', () => {
    if (wasConnected) emit({ type: 'disconnected', url: options.url });
    wasConnected = false;
  });
  client.on('error', (error) => emit({ type: 'error', message: error.message }));
  client.on('message', (topic, payload) => {
    for (const [filter, set] of listeners) {
      if (!topicMatches(filter, topic)) continue;
      for (const listener of set) listener(topic, payload);
    }
  });

  return {
    url: options.url,
    get connected() {
      return client.connected;
    },
    publish(message) {
      if (client.connected) return send(message);
      const outcome = spool.push(message);
      if (!outcome.kept) {
        emit({ type: 'spool-dropped', topic: message.topic, reason: outcome.reason });
        return Promise.resolve();
      }
      for (const dropped of outcome.dropped)
        emit({
          type: 'spool-dropped',
          topic: dropped.topic,
          reason: 'the spool is full: the oldest message makes room',
        });
      return Promise.resolve();
    },
    async subscribe(filter, qos, onMessage) {
      let set = listeners.get(filter);
      if (!set) {
        set = new Set();
        listeners.set(filter, set);
        // Offline, mqtt.js keeps the subscription and sends it on connection.
        if (client.connected) await client.subscribeAsync(filter, { qos });
        else client.subscribe(filter, { qos });
      }
      set.add(onMessage);
      return () => {
        const current = listeners.get(filter);
        current?.delete(onMessage);
        if (current && current.size === 0) {
          listeners.delete(filter);
          client.unsubscribe(filter);
        }
      };
    },
    close: () => client.endAsync(true).then(() => undefined),
  };
}
