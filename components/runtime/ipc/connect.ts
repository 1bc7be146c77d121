// One connection attempt with a deadline: the SDK's connect() has none and waits forever for
// a ConnectAck (greengrass-ipc-protocol.md 13.3), and a client may connect only once (13.2).
import { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { describeError, RuntimeError } from '../errors.ts';

export type IpcClient = greengrasscoreipc.Client;

export const SOCKET_PATH_ENV = 'AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT';

export async function connectWithTimeout(connectTimeoutMs: number): Promise<IpcClient> {
  if (!process.env[SOCKET_PATH_ENV]) {
    throw new RuntimeError(
      'IPC_CONFIG_MISSING',
      `${SOCKET_PATH_ENV} is not set: run this component under a Greengrass nucleus (or the local core: npm run emulator -- start)`,
    );
  }
  const client = greengrasscoreipc.createClient();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new RuntimeError(
            'IPC_CONNECT_TIMEOUT',
            `no ConnectAck from the nucleus within ${connectTimeoutMs} ms`,
          ),
        ),
      connectTimeoutMs,
    );
  });
  try {
    await Promise.race([client.connect(), deadline]);
    return client;
  } catch (error) {
    await closeQuietly(client);
    if (error instanceof RuntimeError) throw error;
    throw new RuntimeError('IPC_CONNECT_FAILED', `IPC connect failed: ${describeError(error)}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

export async function closeQuietly(client: IpcClient): Promise<void> {
  try {
    await client.close();
  } catch {
    // Closing an already failed or closed client throws; there is nothing left to release.
  }
}
