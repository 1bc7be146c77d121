import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImagePathPolicy, isWithin } from '../../components/image-files/path-policy.ts';

describe('isWithin', () => {
  it.each([
    ['/a', '/a', true],
    ['/a', '/a/b/c', true],
    ['/a', '/ab', false],
    ['/a', '/', false],
    ['/a/b', '/a/b/../c', false],
  ])('%s contains %s: %s', (root, candidate, expected) => {
    expect(isWithin(root, path.resolve(candidate))).toBe(expected);
  });
});

describe('createImagePathPolicy', () => {
  let base: string;
  let root: string;
  let outside: string;

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'policy-'));
    root = path.join(base, 'root');
    outside = path.join(base, 'outside');
    await mkdir(root);
    await mkdir(outside);
    await writeFile(path.join(root, 'ok.jpg'), 'x');
    await writeFile(path.join(outside, 'secret.jpg'), 'x');
    await symlink(path.join(outside, 'secret.jpg'), path.join(root, 'link-out.jpg'));
    await symlink(path.join(root, 'ok.jpg'), path.join(root, 'link-in.jpg'));
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  const codeOf = async (requested: string): Promise<string> => {
    const policy = await createImagePathPolicy([root]);
    return policy.resolve(requested).then(
      () => 'ok',
      (error: { code: string }) => error.code,
    );
  };

  it('allows files under a root, including symlinks that stay inside', async () => {
    expect(await codeOf(path.join(root, 'ok.jpg'))).toBe('ok');
    expect(await codeOf(path.join(root, 'link-in.jpg'))).toBe('ok');
  });

  it('refuses paths outside, `..` escapes and symlinks leading out', async () => {
    expect(await codeOf(path.join(outside, 'secret.jpg'))).toBe('PATH_NOT_ALLOWED');
    expect(await codeOf(`${root}/../outside/secret.jpg`)).toBe('PATH_NOT_ALLOWED');
    expect(await codeOf(path.join(root, 'link-out.jpg'))).toBe('PATH_NOT_ALLOWED');
  });

  it('does not reveal whether a file outside the roots exists', async () => {
    expect(await codeOf(path.join(outside, 'missing.jpg'))).toBe('PATH_NOT_ALLOWED');
  });

  it('reports a missing file inside a root as IMAGE_NOT_FOUND', async () => {
    expect(await codeOf(path.join(root, 'missing.jpg'))).toBe('IMAGE_NOT_FOUND');
  });

  it('allows nothing without roots and reports unusable roots', async () => {
    const missing: string[] = [];
    const policy = await createImagePathPolicy([path.join(base, 'nope')], (r) => missing.push(r));
    expect(missing).toEqual([path.join(base, 'nope')]);
    await expect(policy.resolve(path.join(root, 'ok.jpg'))).rejects.toMatchObject({
      code: 'PATH_NOT_ALLOWED',
    });
  });
});
