import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unarchiveZip } from '../../emulator/deployment/unarchive-zip.ts';
import { makeZip, type ZipEntrySpec } from '../helpers/zip-builder.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gg-zip-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function zipFile(entries: readonly ZipEntrySpec[]): Promise<string> {
  const file = path.join(dir, 'artifact.zip');
  fs.writeFileSync(file, await makeZip(entries));
  return file;
}

const destination = () => path.join(dir, 'out', 'artifact');

async function failure(
  promise: Promise<unknown>,
): Promise<{ code?: string; message: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error('expected a failure');
}

describe('unarchiveZip', () => {
  it('unpacks files, folders and inside links with the given file mode', async () => {
    const file = await zipFile([
      { name: 'app/' },
      { name: 'app/index.js', data: 'console.log(1)' },
      { name: 'app/lib/util.js', data: 'x' },
      { name: 'app/current', data: 'lib/util.js', mode: 0o120777 },
    ]);
    fs.mkdirSync(path.dirname(destination()), { recursive: true });
    const result = await unarchiveZip(file, destination(), { fileMode: 0o755 });
    expect(result.entries).toBe(4);
    expect(fs.readFileSync(path.join(destination(), 'app/index.js'), 'utf8')).toBe('console.log(1)');
    expect(fs.statSync(path.join(destination(), 'app/index.js')).mode & 0o777).toBe(0o755);
    expect(fs.readlinkSync(path.join(destination(), 'app/current'))).toBe('lib/util.js');
    expect(fs.readdirSync(path.dirname(destination()))).toEqual(['artifact']); // no staging folder left
  });

  it.each([
    ['a ".." entry', [{ name: '../evil.sh', data: 'rm -rf' }], '".." in path'],
    ['a nested ".." entry', [{ name: 'app/../../evil.sh', data: 'x' }], '".." in path'],
    ['an absolute entry', [{ name: '/tmp/evil.sh', data: 'x' }], 'absolute path'],
    [
      'a link leading outside',
      [{ name: 'escape', data: '../../../etc', mode: 0o120777 }],
      'symbolic link to "../../../etc" leads outside the destination',
    ],
    [
      'an absolute link',
      [{ name: 'escape', data: '/etc/passwd', mode: 0o120777 }],
      'leads outside the destination',
    ],
  ])('refuses %s, writes nothing outside and leaves no partial folder', async (_, entries, reason) => {
    const file = await zipFile([{ name: 'ok.txt', data: 'fine' }, ...entries]);
    fs.mkdirSync(path.dirname(destination()), { recursive: true });
    const error = await failure(unarchiveZip(file, destination(), { fileMode: 0o644 }));
    expect(error.code).toBe('UNSAFE_ARCHIVE_ENTRY');
    expect(error.message).toContain(reason);
    expect(error.message).toContain('artifact.zip: entry');
    expect(fs.existsSync(path.join(dir, 'evil.sh'))).toBe(false);
    expect(fs.readdirSync(path.dirname(destination()))).toEqual([]);
  });

  it('enforces the entry-count and uncompressed-size limits', async () => {
    const many = await zipFile([
      { name: 'a', data: '1' },
      { name: 'b', data: '2' },
      { name: 'c', data: '3' },
    ]);
    fs.mkdirSync(path.dirname(destination()), { recursive: true });
    const tooMany = await failure(
      unarchiveZip(many, destination(), {
        fileMode: 0o644,
        limits: { maxEntries: 2, maxUncompressedBytes: 1e6 },
      }),
    );
    expect(tooMany.code).toBe('ARCHIVE_LIMIT_EXCEEDED');
    const big = await zipFile([{ name: 'big', data: 'x'.repeat(5000) }]);
    const tooBig = await failure(
      unarchiveZip(big, destination(), {
        fileMode: 0o644,
        limits: { maxEntries: 10, maxUncompressedBytes: 4096 },
      }),
    );
    expect(tooBig.code).toBe('ARCHIVE_LIMIT_EXCEEDED');
  });

  it('reports a file that is not a zip as ARCHIVE_CORRUPT', async () => {
    const file = path.join(dir, 'not.zip');
    fs.writeFileSync(file, 'definitely not a zip');
    expect((await failure(unarchiveZip(file, destination(), { fileMode: 0o644 }))).code).toBe(
      'ARCHIVE_CORRUPT',
    );
  });

  it('replaces an earlier unpacked folder', async () => {
    fs.mkdirSync(destination(), { recursive: true });
    fs.writeFileSync(path.join(destination(), 'stale.txt'), 'old');
    await unarchiveZip(await zipFile([{ name: 'fresh.txt', data: 'new' }]), destination(), {
      fileMode: 0o644,
    });
    expect(fs.readdirSync(destination())).toEqual(['fresh.txt']);
  });
});
