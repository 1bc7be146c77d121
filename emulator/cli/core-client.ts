// Talks to a running core the way greengrass-cli does (NucleusAdapterIpcClientImpl): read the
// token and socket path from <root>/cli_ipc_info, connect the unmodified SDK client with that
// token, make the calls, close. With no core at the root, one clear error says how to start one.

import fs from 'node:fs';
import type { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { readCliIpcInfo } from '../core/cli-ipc-info.ts';
import { corePaths } from '../platform/core-paths.ts';
import { CliError } from './cli-error.ts';

export type CoreClient = greengrasscoreipc.Client;

/** greengrass-cli waits 30 s for a connection; a local socket answers at once or never. */
export const CONNECT_TIMEOUT_MS = 10_000;

export async function connectToCore(
  root: string,
  connectTimeoutMs = CONNECT_TIMEOUT_MS,
): Promise<CoreClient> {
  const socket = corePaths(root).ipcSocket;
  if (!fs.existsSync(socket)) {
    throw new CliError(
      'NO_CORE',
      `no local core running at ${root} (socket ${socket} not found): start one with \`npm run emulator -- start\``,
    );
  }
  const lookup = readCliIpcInfo(root);
  if (!lookup.found) {
    throw new CliError(
      'CLI_AUTH_MISSING',
      `a local core socket exists at ${socket}, but the CLI's token file cannot be read (${lookup.problem}): run this as the user that started the core`,
    );
  }
  const { cli_auth_token: authToken, domain_socket_path: socketPath } = lookup.info;
  // Loaded only now: with no core to talk to, the CLI answers without the SDK's native addon.
  const { greengrasscoreipc, io } = await import('aws-iot-device-sdk-v2');
  const client = greengrasscoreipc.createClient({
    hostName: socketPath,
    port: 0,
    socketOptions: new io.SocketOptions(io.SocketType.STREAM, io.SocketDomain.LOCAL),
    connectTransform: async ({ message }) => ({ ...message, payload: JSON.stringify({ authToken }) }),
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CliError(
            'CONNECT_TIMEOUT',
            `the local core at ${root} did not answer within ${connectTimeoutMs} ms`,
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
    if (error instanceof CliError) throw error;
    throw new CliError(
      'NO_CORE',
      `no local core running at ${root} (socket ${socket} refuses connections: ${describeRpcError(error)}): start one with \`npm run emulator -- start\``,
      { cause: error },
    );
  } finally {
    clearTimeout(timer);
  }
}

export async function closeQuietly(client: CoreClient): Promise<void> {
  try {
    await client.close();
  } catch {
    // closing a client that failed to connect throws; nothing is left to release
  }
}

/** The text a failed SDK call carries: the modeled error's message, else the RPC error's description. */
export function describeRpcError(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const { serviceError, description, internalError } = error as {
      serviceError?: { message?: unknown; _message?: unknown };
      description?: unknown;
      internalError?: { message?: unknown };
    };
    const modeled = serviceError?.message ?? serviceError?._message;
    if (typeof modeled === 'string' && modeled !== '') return modeled;
    const parts = [description, internalError?.message].filter(
      (part) => typeof part === 'string' && part !== '',
    );
    if (parts.length > 0) return parts.join(': ');
  }
  return error instanceof Error ? error.message : String(error);
}

/** Runs `call` on a fresh connection and closes it; SDK failures become OPERATION_FAILED naming `what`. */
export async function withCore<T>(
  root: string,
  what: string,
  call: (client: CoreClient) => Promise<T>,
): Promise<T> {
  const client = await connectToCore(root);
  try {
    return await call(client);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError('OPERATION_FAILED', `${what} failed: ${describeRpcError(error)}`, { cause: error });
  } finally {
    await closeQuietly(client);
  }
}

/**
 * Keeps a subscription verb running: resolves with 0 after SIGINT/SIGTERM, 1 when the core ends
 * the subscription or the connection (said on stderr); the client is closed either way.
 */
export async function runUntilStopped(
  client: CoreClient,
  operation: { on(event: 'ended', listener: () => void): unknown },
  root: string,
  err: (line: string) => void,
): Promise<number> {
  const exitCode = await new Promise<number>((resolve) => {
    const stop = () => resolve(0);
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    const lost = (why: string) => {
      err(`the local core at ${root} ${why}`);
      resolve(1);
    };
    operation.on('ended', () => lost('ended the subscription'));
    client.on('disconnection', () => lost('closed the connection'));
  });
  await closeQuietly(client);
  return exitCode;
}
