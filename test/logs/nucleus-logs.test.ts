import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openNucleusLogs } from '../../emulator/logs/nucleus-logs.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gg-logs-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const read = (file: string) => fs.readFileSync(path.join(dir, file), 'utf8');

describe('openNucleusLogs', () => {
  it('writes greengrass.log and <Component>.log, creates an empty main.log, and flushes on close', async () => {
    let now = Date.parse('2026-11-24T10:00:01.050Z');
    const logs = openNucleusLogs({ logsDir: dir, clock: { now: () => now } });
    logs.greengrass.log({ level: 'INFO', thread: 'main', logger: 'core', event: 'start' });
    now += 1;
    logs
      .component('com.example.A')
      .log({ level: 'INFO', thread: 'Copier', logger: 'com.example.A', event: 'stdout', message: 'hi' });
    logs
      .component('com.example.A')
      .log({ level: 'DEBUG', thread: 'Copier', logger: 'com.example.A', event: 'dropped' });
    await logs.close();
    await logs.close(); // idempotent
    expect(read('greengrass.log')).toBe('2026-11-24T10:00:01.050Z [INFO] (main) core: start. {}\n');
    expect(read('com.example.A.log')).toBe(
      '2026-11-24T10:00:01.051Z [INFO] (Copier) com.example.A: stdout. hi. {}\n',
    );
    expect(read('main.log')).toBe('');
  });

  it('rotates by size with the nucleus file name pattern and keeps every line', async () => {
    const now = Date.parse('2026-11-24T19:30:00.000Z');
    const logs = openNucleusLogs({ logsDir: dir, fileSizeKB: 1, clock: { now: () => now } });
    const message = 'x'.repeat(200);
    for (let i = 0; i < 12; i++)
      logs.greengrass.log({ level: 'INFO', thread: 't', logger: 'l', event: `line-${i}`, message });
    await logs.close();
    const files = fs
      .readdirSync(dir)
      .filter((f) => f.startsWith('greengrass'))
      .sort();
    expect(files).toEqual([
      'greengrass.log',
      'greengrass_2026_11_24_19_0.log',
      'greengrass_2026_11_24_19_1.log',
    ]);
    const all = files.map(read).join('');
    for (let i = 0; i < 12; i++) expect(all).toContain(`line-${i}. `);
    for (const file of files) expect(fs.statSync(path.join(dir, file)).size).toBeLessThanOrEqual(1024);
  });

  it('rotates when the hour changes, naming the file after the hour it was written in', async () => {
    let now = Date.parse('2026-11-24T19:59:59.000Z');
    const logs = openNucleusLogs({ logsDir: dir, clock: { now: () => now } });
    logs.greengrass.log({ level: 'INFO', thread: 't', logger: 'l', event: 'before' });
    now = Date.parse('2026-11-24T20:00:00.000Z');
    logs.greengrass.log({ level: 'INFO', thread: 't', logger: 'l', event: 'after' });
    await logs.close();
    expect(read('greengrass_2026_11_24_19_0.log')).toContain('before');
    expect(read('greengrass.log')).toContain('after');
  });

  it('deletes the oldest rotated files beyond totalLogsSizeKB', async () => {
    const now = Date.parse('2026-11-24T19:30:00.000Z');
    const logs = openNucleusLogs({
      logsDir: dir,
      fileSizeKB: 1,
      totalLogsSizeKB: 2,
      clock: { now: () => now },
    });
    for (let i = 0; i < 40; i++)
      logs.greengrass.log({
        level: 'INFO',
        thread: 't',
        logger: 'l',
        event: `line-${i}`,
        message: 'y'.repeat(200),
      });
    await logs.close();
    const files = fs.readdirSync(dir).filter((f) => f.startsWith('greengrass'));
    const total = files.reduce((sum, f) => sum + fs.statSync(path.join(dir, f)).size, 0);
    expect(total).toBeLessThanOrEqual(2 * 1024);
    expect(read('greengrass.log')).toContain('line-39');
  });
});
