// One connection attempt with a deadline: the SDK's connect() has none and waits forever for
// a ConnectAck (docs/ipc-protocol.md#js-client-behaviour), and a client may connect only once (13.2).
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
    if (isRefusal(error)) {
      throw new RuntimeError(
        'IPC_AUTH_REFUSED',
        `the nucleus refused this component's IPC token (SVCUID): ${describeError(error)}. A nucleus ` +
          'invalidates every token when its IPC server restarts (nucleus lite: ggipcd); only a restart ' +
          'of this component brings a new one, so it exits for the nucleus to restart it',
        { cause: error },
      );
    }
    throw new RuntimeError('IPC_CONNECT_FAILED', `IPC connect failed: ${describeError(error)}`, {
      cause: error,
    });
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The server took the connection and then refused it. The classic nucleus answers a bad token
 * with a ConnectAck that does not accept (the SDK: "invalid connack"); nucleus lite closes the
 * socket during the handshake ("connection closed"). No server at all reads "Failed to establish
 * eventstream RPC connection" without either ending, and is worth retrying.
 */
function isRefusal(error: unknown): boolean {
  const text = describeError(error);
  return text.includes('invalid connack') || text.includes('connection closed');
}

export async function closeQuietly(client: IpcClient): Promise<void> {
  try {
    await client.close();
  } catch {
    // Closing an already failed or closed client throws; there is nothing left to release.
  }
}
