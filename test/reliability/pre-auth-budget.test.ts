// What an anonymous peer of the IPC socket can cost the core before it authenticates: 200
// sockets that connect and say nothing, and 200 that announce 24 MiB frames, against a core
// process of its own. An authenticated client connecting meanwhile must still be served, and the
// core must not hold memory for frames it was only told about.

import fs from 'node:fs';
import net from 'node:net';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readCliIpcInfo } from '../../emulator/core/cli-ipc-info.ts';
import { CliProcess } from '../helpers/cli-process.ts';
import { createSdkClient } from '../helpers/sdk-client.ts';

const SILENT_SOCKETS = 200;
const LARGE_ANNOUNCERS = 200;
const ANNOUNCED_FRAME_BYTES = 24 * 1024 * 1024;
/** Failure guard for the authenticated client (the target is 2 s; the figure is printed). */
const SERVED_GUARD_MS = 10_000;
/** RSS growth the core may show for all 400 sockets. */
const MAX_RSS_GROWTH_BYTES = 20 * 1024 * 1024;

let root: string;
let core: CliProcess;
const sockets: net.Socket[] = [];

beforeAll(async () => {
  root = fs.mkdtempSync('/tmp/ggp-');
  core = new CliProcess(['start', '--root', root]);
  await core.waitForLine(/^ {2}IPC socket: /);
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await core?.stop();
  fs.rmSync(root, { recursive: true, force: true });
});

function rssBytes(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) * 1024;
}

/** A valid event-stream prelude (protocol: total length, header length, CRC32 of both). */
function prelude(totalBytes: number): Buffer {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(totalBytes, 0);
  bytes.writeUInt32BE(0, 4);
  bytes.writeUInt32BE(crc32(bytes.subarray(0, 8)), 8);
  return bytes;
}

function openSocket(path: string, send?: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.createConnection(path, () => {
      if (send) socket.write(send);
      resolve();
    });
    socket.on('error', () => resolve());
    sockets.push(socket);
  });
}

it('serves an authenticated client while 200 silent sockets and 200 announced 24 MiB frames wait, with bounded RSS', async () => {
  const socketPath = `${root}/ipc.socket`;
  const pid = core.pid as number;
  const before = rssBytes(pid);
  const announcement = Buffer.concat([prelude(ANNOUNCED_FRAME_BYTES), Buffer.alloc(4096, 7)]);
  await Promise.all([
    ...Array.from({ length: SILENT_SOCKETS }, () => openSocket(socketPath)),
    ...Array.from({ length: LARGE_ANNOUNCERS }, () => openSocket(socketPath, announcement)),
  ]);
  await new Promise((resolve) => setTimeout(resolve, 500)); // the core has read what was sent

  const lookup = readCliIpcInfo(root);
  if (!lookup.found) throw new Error(lookup.problem);
  const started = performance.now();
  const client = createSdkClient(socketPath, lookup.info.cli_auth_token);
  const served = (async () => {
    await client.connect();
    await client.listComponents({});
    return performance.now() - started;
  })();
  const guard = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`not served within ${SERVED_GUARD_MS} ms`)), SERVED_GUARD_MS),
  );
  const servedMs = await Promise.race([served, guard]);
  await client.close();
  const growth = rssBytes(pid) - before;
  console.log(
    `pre-auth budget: client served in ${servedMs.toFixed(0)} ms; core RSS +${(growth / 1024 / 1024).toFixed(1)} MB for ${SILENT_SOCKETS + LARGE_ANNOUNCERS} anonymous sockets`,
  );
  expect(growth).toBeLessThan(MAX_RSS_GROWTH_BYTES);
}, 60_000);
