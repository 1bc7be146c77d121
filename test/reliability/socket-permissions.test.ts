// The IPC socket file is not world-writable (connecting to a Unix socket needs write permission)
// unless the core is configured so, whatever the process umask.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DEFAULT_SOCKET_MODE, type IpcServer, startIpcServer } from '../../emulator/ipc/server.ts';

const WORLD_WRITE = 0o002;
let directory: string | undefined;
let server: IpcServer | undefined;
afterEach(async () => {
  await server?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
  server = undefined;
});

async function start(options: { socketMode?: number; umask?: number } = {}): Promise<number> {
  directory = mkdtempSync('/tmp/gi-perm-');
  const previous = options.umask === undefined ? undefined : process.umask(options.umask);
  try {
    server = await startIpcServer({
      socketPath: path.join(directory, 'ipc.socket'),
      socketMode: options.socketMode,
    });
  } finally {
    if (previous !== undefined) process.umask(previous);
  }
  const stats = statSync(server.socketPath);
  expect(stats.isSocket()).toBe(true);
  return stats.mode & 0o777;
}

it('is owner and group read/write only by default', async () => {
  expect(DEFAULT_SOCKET_MODE).toBe(0o660);
  const mode = await start();
  expect(mode).toBe(0o660);
  expect(mode & WORLD_WRITE).toBe(0);
});

it('stays so under a permissive umask', async () => {
  expect(await start({ umask: 0 })).toBe(0o660);
});

it('is world-writable only when configured (socketMode 0o666, as the nucleus does)', async () => {
  expect((await start({ socketMode: 0o666 })) & WORLD_WRITE).toBe(WORLD_WRITE);
});
