// With no core running at the root, every verb that talks to a core says so in one line on
// stderr, with the way to start one, and exits 1 (no stack trace without --debug).

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli-process.ts';

const VERBS: readonly (readonly string[])[] = [
  ['deployment', 'create', '-r', 'recipes', '-m', 'com.example.App=1.0.0'],
  ['deployment', 'status', '-i', '00000000-0000-4000-8000-000000000000'],
  ['deployment', 'list'],
  ['component', 'list'],
  ['component', 'details', '-n', 'com.example.App'],
  ['component', 'restart', '-n', 'com.example.App'],
  ['component', 'stop', '-n', 'com.example.App'],
  ['pubsub', 'pub', '-t', 'test/topic', '-m', 'hello'],
  ['pubsub', 'sub', '-t', 'test/topic'],
];

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync('/tmp/ggx-');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

it('every verb fails with one clear line and exit code 1, whether the root comes from --root or GG_ROOT', async () => {
  const socket = path.join(root, 'ipc.socket');
  const expected = `no local core running at ${root} (socket ${socket} not found): start one with \`npm run emulator -- start\`\n`;
  const results = await Promise.all(
    VERBS.map((verb, index) =>
      index % 2 === 0 ? runCli([...verb, '--root', root]) : runCli(verb, { GG_ROOT: root }),
    ),
  );
  for (const [index, result] of results.entries()) {
    expect({
      verb: VERBS[index]?.join(' '),
      code: result.code,
      stderr: result.stderr,
      stdout: result.stdout,
    }).toEqual({
      verb: VERBS[index]?.join(' '),
      code: 1,
      stderr: expected,
      stdout: '',
    });
  }
});

it('prints the stack trace only with --debug', async () => {
  const result = await runCli(['component', 'list', '--root', root, '--debug']);
  expect(result.code).toBe(1);
  expect(result.stderr).toMatch(
    /^no local core running at .*\nCliError: no local core running at .*\n\s+at /,
  );
});
