import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../components/contract/index.ts';
import { sampleImage } from './model-files.ts';

/** What `npm run classify` runs: the CLI bundled by the launcher (rebuilt when sources change). */
const LAUNCHER = fileURLToPath(new URL('../../scripts/launch/run-built.mjs', import.meta.url));
const CLI_TIMEOUT_MS = 60_000;

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly replies: Reply[];
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the CLI as `npm run classify` does, feeding `stdin`; stdout is not a terminal, so it must
 * be JSON lines only (unless `--format human` is given: `replies` is empty then).
 */
function runCli(args: string[], stdin = ''): Promise<Run> {
  const child = spawn(process.execPath, [LAUNCHER, 'classify', ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  child.stdin.end(stdin);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      const lines = stdout.split('\n').filter((line) => line !== '');
      const human = args.includes('human');
      resolve({
        code,
        signal,
        stdout,
        stderr,
        replies: human ? [] : lines.map((line) => JSON.parse(line) as Reply),
      });
    });
  });
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'classify-cli-'));
  await mkdir(join(dir, 'photos'));
  await copyFile(sampleImage('pelican.jpeg'), join(dir, 'photos', 'b-pelican.jpeg'));
  await copyFile(sampleImage('macaw.jpg'), join(dir, 'photos', 'a-macaw.JPG'));
  await writeFile(join(dir, 'photos', 'README.txt'), 'not an image; skipped when the folder is expanded');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run classify', () => {
  it('prints one reply per image in input order and exits 1 when one failed', {
    timeout: CLI_TIMEOUT_MS,
  }, async () => {
    const missing = join(dir, 'missing.jpg');
    const run = await runCli(
      [join(dir, 'photos'), '--files-from', '-', '--top-k', '2'],
      `${sampleImage('dog.jpg')}\n${missing}\n`,
    );
    expect(run.code).toBe(1);
    expect(run.replies.map((reply) => reply.id)).toEqual([
      join(dir, 'photos', 'a-macaw.JPG'),
      join(dir, 'photos', 'b-pelican.jpeg'),
      sampleImage('dog.jpg'),
      missing,
    ]);
    expect(run.replies.map((reply) => (reply.status === 'ok' ? reply.index : reply.error.code))).toEqual([
      88,
      144,
      expect.any(Number),
      'IMAGE_NOT_FOUND',
    ]);
    expect(run.replies[0]?.status === 'ok' && run.replies[0].top).toHaveLength(2);
  });

  it('keeps a command line of over 32 KB of paths away from the ONNX session and exits 0', {
    timeout: CLI_TIMEOUT_MS,
  }, async () => {
    // onnxruntime-node segfaults creating a session in a process whose argv is ~29 KB or more.
    const deep = join(dir, 'd'.repeat(200), 'e'.repeat(200), 'f'.repeat(200), 'g'.repeat(200));
    await mkdir(deep, { recursive: true });
    const photo = join(deep, 'macaw.jpg');
    await copyFile(sampleImage('macaw.jpg'), photo);
    const paths = Array.from({ length: 40 }, () => photo);
    expect(paths.join(' ').length).toBeGreaterThan(32 * 1024);
    const run = await runCli(paths);
    expect({ code: run.code, signal: run.signal }).toEqual({ code: 0, signal: null });
    expect(run.replies).toHaveLength(40);
    expect(run.replies.every((reply) => reply.status === 'ok' && reply.index === 88)).toBe(true);
  });

  it('prints a human line per image with --format human (the default on a terminal)', {
    timeout: CLI_TIMEOUT_MS,
  }, async () => {
    const missing = join(dir, 'missing.jpg');
    const run = await runCli(['--format', 'human', sampleImage('pelican.jpeg'), missing]);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^${sampleImage('pelican.jpeg')}: pelican 99\\.\\d% \\(\\d+ ms\\)$`)),
      expect.stringMatching(new RegExp(`^${missing}: error IMAGE_NOT_FOUND: `)),
      '',
    ]);
  });

  it('exits 2 with the usage on stderr and nothing on stdout for bad options', async () => {
    const run = await runCli(['--top-k', 'many', sampleImage('macaw.jpg')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--top-k must be a positive integer');
  });
});
