// Socket file handling: path length, stale and live sockets, permissions, idempotent close.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { IpcServerError } from '../../../emulator/ipc/errors.ts';
import { startIpcServer } from '../../../emulator/ipc/server.ts';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync('/tmp/gs-');
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

async function startError(socketPath: string): Promise<unknown> {
  try {
    const server = await startIpcServer({ socketPath });
    await server.close();
    return 'started';
  } catch (error) {
    return error instanceof IpcServerError ? error.code : error;
  }
}

test('a socket path over 107 bytes is refused with a coded error naming the limit', async () => {
  const socketPath = join(directory, `${'x'.repeat(120)}.socket`);
  expect(await startError(socketPath)).toBe('IPC_SOCKET_PATH_TOO_LONG');
});

/** A socket file left by a process that died without cleaning up, like a crashed core. */
async function leaveStaleSocket(socketPath: string): Promise<void> {
  const child = spawn(process.execPath, [
    '-e',
    `require('node:net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('listening'))`,
  ]);
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  child.kill('SIGKILL');
  await new Promise((resolve) => child.once('exit', resolve));
}

test('a stale socket file is replaced; a live one and a regular file are left alone', async () => {
  const live = join(directory, 'live.socket');
  const other = createServer();
  await new Promise<void>((resolve) => other.listen(live, resolve));
  expect(await startError(live)).toBe('IPC_SOCKET_IN_USE');
  await new Promise<void>((resolve) => other.close(() => resolve()));

  const stale = join(directory, 'stale.socket');
  await leaveStaleSocket(stale);
  expect(statSync(stale).isSocket()).toBe(true);
  expect(await startError(stale)).toBe('started');

  const regular = join(directory, 'file.socket');
  writeFileSync(regular, 'not a socket');
  expect(await startError(regular)).toBe('IPC_SOCKET_PATH_NOT_A_SOCKET');
});

test('the socket is owner and group read/write by default, configurable, and removed on close', async () => {
  const socketPath = join(directory, 'ipc.socket');
  const server = await startIpcServer({ socketPath });
  expect(statSync(socketPath).mode & 0o777).toBe(0o660);
  await Promise.all([server.close(), server.close()]);
  await server.close();
  expect(() => statSync(socketPath)).toThrow();

  const open = await startIpcServer({ socketPath, socketMode: 0o666 });
  expect(statSync(socketPath).mode & 0o777).toBe(0o666);
  await open.close();
});
