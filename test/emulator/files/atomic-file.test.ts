// The core's state files are replaced whole: the content lands, no temporary file is left, and
// a write that cannot complete leaves the previous file and no temporary behind.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { writeFileAtomic, writeJsonFileAtomic } from '../../../emulator/files/atomic-file.ts';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'atomic-file-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));

it('replaces the file and leaves nothing else in its folder', () => {
  const file = path.join(folder, 'state.json');
  writeJsonFileAtomic(file, { a: 1 });
  writeJsonFileAtomic(file, { a: 2 });
  expect(fs.readFileSync(file, 'utf8')).toBe('{\n  "a": 2\n}\n');
  expect(fs.readdirSync(folder)).toEqual(['state.json']);
});

it('keeps the previous file and removes its temporary file when the rename fails', () => {
  const target = path.join(folder, 'occupied');
  fs.mkdirSync(path.join(target, 'child'), { recursive: true }); // a non-empty folder cannot be renamed over
  expect(() => writeFileAtomic(target, 'text')).toThrow();
  expect(fs.readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  expect(fs.statSync(target).isDirectory()).toBe(true);
});
