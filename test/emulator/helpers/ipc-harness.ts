// Starts a real IPC server on a short temp socket path (sun_path is 108 bytes) and connects the
// unmodified SDK client to it in-process, the way a component does: through the environment.

import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { type IpcServer, type IpcServerOptions, startIpcServer } from '../../../emulator/ipc/server.ts';
import type { JsonObject } from '../../../emulator/util/json.ts';
import { CollectingLogger } from './collecting-logger.ts';

export type SdkClient = greengrasscoreipc.Client;

export interface Harness {
  readonly server: IpcServer;
  readonly logger: CollectingLogger;
  readonly directory: string;
  /** Issues a token and gives the component an `accessControl` for local pub/sub. */
  addComponent(
    name: string,
    pubsub?: { publish?: string[]; subscribe?: string[] },
    extra?: JsonObject,
  ): string;
  /** A connected SDK client authenticated with `token`; closed by `close()`. */
  connect(token: string | undefined): Promise<SdkClient>;
  /** An SDK client that is not connected yet (for connect failures); closed by `close()`. */
  createClient(token: string | undefined): SdkClient;
  close(): Promise<void>;
}

export async function startHarness(options: Partial<IpcServerOptions> = {}): Promise<Harness> {
  const directory = mkdtempSync('/tmp/gi-');
  const logger = new CollectingLogger();
  const server = await startIpcServer({ socketPath: join(directory, 'ipc.socket'), logger, ...options });
  const clients: SdkClient[] = [];
  const createClient = (token: string | undefined): SdkClient => {
    const saved = { ...process.env };
    process.env.AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT = server.socketPath;
    if (token === undefined) delete process.env.SVCUID;
    else process.env.SVCUID = token;
    try {
      const client = greengrasscoreipc.createClient();
      clients.push(client);
      return client;
    } finally {
      process.env = saved;
    }
  };
  return {
    server,
    logger,
    directory,
    addComponent(name, pubsub = {}, extra = {}) {
      const policies: JsonObject = {};
      if (pubsub.publish) {
        policies[`${name}:pubsub:1`] = {
          operations: ['aws.greengrass#PublishToTopic'],
          resources: pubsub.publish,
        };
      }
      if (pubsub.subscribe) {
        policies[`${name}:pubsub:2`] = {
          operations: ['aws.greengrass#SubscribeToTopic'],
          resources: pubsub.subscribe,
        };
      }
      server.configuration.replace(name, {
        ...extra,
        accessControl: { 'aws.greengrass.ipc.pubsub': policies },
      });
      return server.tokens.issue(name);
    },
    createClient,
    async connect(token) {
      const client = createClient(token);
      await client.connect();
      return client;
    },
    async close() {
      await Promise.all(clients.map((client) => client.close().catch(() => undefined)));
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
