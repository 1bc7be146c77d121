// Zip extraction cannot write outside its folder: archives built here with yazl (names patched
// to the hostile ones) try `..`, absolute names, backslashes, links leading out, writing through
// a link, and chains of links that each look harmless. Every one is refused with
// UNSAFE_ARCHIVE_ENTRY, and nothing appears or changes anywhere outside the destination.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { unarchiveZip } from '../../emulator/deployment/unarchive-zip.ts';
import { makeZip, type ZipEntrySpec } from '../helpers/zip-builder.ts';

const LINK = 0o120777;

let sandbox: string;
/** The destination's parent: siblings of the destination must stay untouched. */
let parent: string;
let destination: string;

beforeEach(() => {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'zip-slip-'));
  parent = path.join(sandbox, 'unarchived', 'com.example.App', '1.0.0');
  destination = path.join(parent, 'app');
  fs.mkdirSync(parent, { recursive: true });
  fs.writeFileSync(path.join(sandbox, 'victim.txt'), 'original');
});
afterEach(() => fs.rmSync(sandbox, { recursive: true, force: true }));

/** Every path under the sandbox with its type and content, except the zip itself. */
function snapshot(): string[] {
  const entries: string[] = [];
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const stats = fs.lstatSync(full);
      const relative = path.relative(sandbox, full);
      if (relative === 'evil.zip') continue;
      if (stats.isSymbolicLink()) entries.push(`${relative} -> ${fs.readlinkSync(full)}`);
      else if (stats.isDirectory()) {
        entries.push(`${relative}/`);
        walk(full);
      } else entries.push(`${relative}: ${fs.readFileSync(full, 'utf8')}`);
    }
  };
  walk(sandbox);
  return entries;
}

const outsideFile = () => path.join(sandbox, 'victim.txt');

const ATTACKS: ReadonlyArray<readonly [string, () => ZipEntrySpec[]]> = [
  ['a `..` entry', () => [{ name: '../escaped.txt', data: 'x' }]],
  ['a `..` deep inside a name', () => [{ name: 'a/b/../../../../../victim.txt', data: 'pwned' }]],
  ['an absolute name', () => [{ name: outsideFile(), data: 'pwned' }]],
  ['a backslash `..`', () => [{ name: '..\\escaped.txt', data: 'x' }]],
  [
    'a link leading out, then a file through it',
    () => [
      { name: 'out', data: '../../../..', mode: LINK },
      { name: 'out/victim.txt', data: 'pwned' },
    ],
  ],
  [
    'an absolute link, then a file through it',
    () => [
      { name: 'out', data: sandbox, mode: LINK },
      { name: 'out/victim.txt', data: 'pwned' },
    ],
  ],
  [
    'a folder entry through a chain of links',
    () => [
      { name: 'a/' },
      { name: 'a/up', data: '..', mode: LINK }, // a/up -> the destination: inside
      { name: 'a/up/up', data: '..', mode: LINK }, // written through a/up, so it lands at up -> ..
      { name: 'up/escaped/' },
    ],
  ],
  [
    'a file through a chain of links',
    () => [
      { name: 'a/' },
      { name: 'a/up', data: '..', mode: LINK },
      { name: 'a/up/up', data: '..', mode: LINK },
      { name: 'up/escaped/file.txt', data: 'x' },
    ],
  ],
  [
    'a link whose `..` counts a link as a folder',
    () => [
      { name: 'sub/' },
      { name: 'sub/self', data: '.', mode: LINK }, // sub/self -> sub
      { name: 'sub/out', data: 'self/../..', mode: LINK }, // lexically the destination, really its parent
      { name: 'sub/out/escaped.txt', data: 'x' },
    ],
  ],
  [
    'a link left pointing out through another link',
    () => [
      { name: 'sub/' },
      { name: 'sub/self', data: '.', mode: LINK },
      { name: 'sub/out', data: 'self/../..', mode: LINK },
    ],
  ],
];

it.each(ATTACKS)('refuses %s and writes nothing outside the destination', async (_what, entries) => {
  const zip = path.join(sandbox, 'evil.zip');
  fs.writeFileSync(zip, await makeZip([{ name: 'ok.txt', data: 'fine' }, ...entries()]));
  const before = snapshot();
  const error = await unarchiveZip(zip, destination, { fileMode: 0o644 }).then(
    () => undefined,
    (failure: unknown) => failure as { code?: string },
  );
  expect(error?.code).toBe('UNSAFE_ARCHIVE_ENTRY');
  expect(snapshot()).toEqual(before);
  expect(fs.readFileSync(outsideFile(), 'utf8')).toBe('original');
});

it('still unpacks an archive whose links stay inside', async () => {
  const zip = path.join(sandbox, 'evil.zip');
  fs.writeFileSync(
    zip,
    await makeZip([
      { name: 'lib/' },
      { name: 'lib/index.js', data: 'ok' },
      { name: 'current', data: 'lib', mode: LINK },
      { name: 'bin/' },
      { name: 'bin/run', data: '../lib/index.js', mode: LINK },
    ]),
  );
  await unarchiveZip(zip, destination, { fileMode: 0o644 });
  expect(fs.readFileSync(path.join(destination, 'current/index.js'), 'utf8')).toBe('ok');
  expect(fs.readFileSync(path.join(destination, 'bin/run'), 'utf8')).toBe('ok');
});
