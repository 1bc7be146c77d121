// Preparing the socket file (docs/ipc-protocol.md#transport; nucleus UnixPlatform.prepareIpcFilepath): the path
// must fit in sun_path, and a stale socket left by a dead core is removed; a live one, or a
// file that is not a socket, is never touched.

import { lstat, unlink } from 'node:fs/promises';
import { connect } from 'node:net';
import { IpcServerError } from './errors.ts';

/** sun_path holds 108 bytes including the terminating NUL. */
export const MAX_SOCKET_PATH_BYTES = 107;
/** How long the probe of an existing socket file may take to be refused or accepted. */
export const STALE_SOCKET_PROBE_TIMEOUT_MS = 1000;

export function checkSocketPathLength(socketPath: string): void {
  const bytes = Buffer.byteLength(socketPath);
  if (bytes > MAX_SOCKET_PATH_BYTES) {
    throw new IpcServerError(
      'IPC_SOCKET_PATH_TOO_LONG',
      `IPC socket path ${socketPath} is ${bytes} bytes; Unix sockets allow at most ${MAX_SOCKET_PATH_BYTES}. Use a shorter root directory or pass a shorter socketPath`,
    );
  }
}

export async function removeStaleSocket(socketPath: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = (await lstat(socketPath)).isSocket();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (!isSocket) {
    throw new IpcServerError(
      'IPC_SOCKET_PATH_NOT_A_SOCKET',
      `${socketPath} exists and is not a socket; refusing to replace it. Remove it or choose another socketPath`,
    );
  }
  if (await isListening(socketPath)) {
    throw new IpcServerError(
      'IPC_SOCKET_IN_USE',
      `Another process is serving IPC on ${socketPath}; stop it or choose another root directory`,
    );
  }
  await unlink(socketPath).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

function isListening(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socketPath);
    const finish = (listening: boolean) => {
      probe.destroy();
      resolve(listening);
    };
    probe.setTimeout(STALE_SOCKET_PROBE_TIMEOUT_MS, () => finish(true));
    probe.once('connect', () => finish(true));
    probe.once('error', () => finish(false));
  });
}
