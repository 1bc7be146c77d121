// The socket file has its mode from the moment it exists, not only after the chmod that follows
// listen: with that chmod made a no-op, the socket must still not be world-writable under a
// permissive umask (it was 0777 & ~umask until the chmod).
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import { startIpcServer } from '../../emulator/ipc/server.ts';

vi.mock('node:fs/promises', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:fs/promises')>()),
  chmod: async () => {},
}));

const directory = mkdtempSync('/tmp/gi-bind-');
afterAll(() => rmSync(directory, { recursive: true, force: true }));

it('creates the socket with the configured mode at bind time', async () => {
  const previous = process.umask(0o000);
  let server: Awaited<ReturnType<typeof startIpcServer>> | undefined;
  try {
    server = await startIpcServer({ socketPath: path.join(directory, 'ipc.socket') });
  } finally {
    process.umask(previous);
  }
  try {
    expect(statSync(server.socketPath).mode & 0o777).toBe(0o660);
    expect(process.umask(previous)).toBe(previous); // restored after listen
  } finally {
    await server.close();
  }
});
