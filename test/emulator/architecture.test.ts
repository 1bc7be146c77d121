// Rules that keep the emulator's shape: pure modules import no I/O, and every
// stable error code appears in emulator/README.md.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { CLI_ERROR_CODES } from '../../emulator/cli/cli-error.ts';
import { CORE_ERROR_CODES } from '../../emulator/errors/core-error.ts';
import { IPC_SERVER_ERROR_CODES } from '../../emulator/ipc/errors.ts';
import { FRAME_ERROR_CODES } from '../../emulator/ipc/frame-decoder.ts';
import { CONNECT_PARSE_REJECTIONS } from '../../emulator/ipc/handshake.ts';

const EMULATOR = fileURLToPath(new URL('../../emulator/', import.meta.url));
/** The I/O shells; everything else in these folders must stay pure. */
const IO_MODULES = new Set([
  'ipc/server.ts',
  'ipc/connection.ts',
  'ipc/connection-pool.ts',
  'ipc/socket-path.ts',
]);
const FORBIDDEN = /from '(node:)?(fs|fs\/promises|net|child_process|worker_threads)'/;

function sources(folder: string): string[] {
  return readdirSync(join(EMULATOR, folder), { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts'))
    .map((name) => join(folder, name));
}

test('pure emulator modules import no fs, net, child_process or worker_threads', () => {
  const offenders = ['ipc', 'pubsub', 'auth', 'config', 'util', 'cli-service']
    .flatMap(sources)
    .filter((file) => !IO_MODULES.has(file) && FORBIDDEN.test(readFileSync(join(EMULATOR, file), 'utf8')));
  expect(offenders).toEqual([]);
});

test('emulator/README.md lists every stable error code', () => {
  const readme = readFileSync(join(EMULATOR, 'README.md'), 'utf8');
  const codes = [
    ...FRAME_ERROR_CODES,
    ...CONNECT_PARSE_REJECTIONS,
    ...IPC_SERVER_ERROR_CODES,
    ...CORE_ERROR_CODES,
    ...CLI_ERROR_CODES,
    'AUTH_TOKEN_UNKNOWN',
    'CONNECTION_LIMIT',
  ];
  expect(codes.filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
});
