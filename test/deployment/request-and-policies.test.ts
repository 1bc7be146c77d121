import { describe, expect, it } from 'vitest';
import {
  artifactFileMode,
  artifactFileName,
  unarchiveFolderName,
} from '../../emulator/deployment/artifact-files.ts';
import { parseDeploymentRequest, parseMergeArguments } from '../../emulator/deployment/deployment-request.ts';
import {
  entryPathInside,
  linkTargetInside,
  unsafeEntryReason,
} from '../../emulator/deployment/zip-entry-policy.ts';
import type { RecipeArtifact } from '../../emulator/recipes/recipe-types.ts';

describe('parseDeploymentRequest', () => {
  it('normalises --update-config MERGE/RESET and defaults the lists', () => {
    const request = parseDeploymentRequest({
      recipeDir: '/r',
      merge: { 'com.example.A': '1.0.0' },
      updateConfig: { 'com.example.A': { MERGE: { Topic: 'x' }, RESET: ['/accessControl'] } },
    });
    expect(request).toEqual({
      recipeDir: '/r',
      merge: { 'com.example.A': '1.0.0' },
      remove: [],
      updateConfig: { 'com.example.A': { merge: { Topic: 'x' }, reset: ['/accessControl'] } },
    });
  });

  it.each([
    [{ merge: { 'com.example.A': 'NEXT_PATCH' } }, 'merge.com.example.A: must be an exact semantic version'],
    [{ merge: { 'bad/name': '1.0.0' } }, 'merge.bad/name'],
    [{ updateConfig: { 'com.example.A': { merge: {} } } }, 'unknown key'],
    [{ updateConfig: { 'com.example.A': { RESET: '/x' } } }, 'RESET must be a list of JSON pointers'],
    [
      { merge: { 'com.example.A': '1.0.0' }, remove: ['com.example.A'] },
      'cannot both merge and remove com.example.A',
    ],
  ])('rejects %j', (input, message) => {
    expect(() => parseDeploymentRequest(input)).toThrow(
      expect.objectContaining({ code: 'INVALID_DEPLOYMENT_REQUEST' }),
    );
    expect(() => parseDeploymentRequest(input)).toThrow(
      new RegExp(message.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'), 'i'),
    );
  });

  it('parses --merge NAME=VERSION arguments', () => {
    expect(parseMergeArguments(['a=1.0.0', 'b.c=2.0.0'])).toEqual({ a: '1.0.0', 'b.c': '2.0.0' });
    expect(() => parseMergeArguments(['a'])).toThrow(
      expect.objectContaining({ code: 'INVALID_DEPLOYMENT_REQUEST' }),
    );
  });
});

describe('zip entry policy', () => {
  it.each([
    ['app/index.js', undefined],
    ['app/', undefined],
    ['..notparent/x', undefined],
    ['../evil.sh', '".." in path'],
    ['app/../../evil.sh', '".." in path'],
    ['/etc/passwd', 'absolute path'],
    ['C:/windows/x', 'absolute path'],
    ['app\\..\\evil', 'backslash in name'],
    ['', 'empty name'],
  ])('%j -> %s', (name, reason) => {
    expect(unsafeEntryReason(name)).toBe(reason);
  });

  it('keeps entries and link targets inside the destination', () => {
    expect(entryPathInside('/d', 'a/b')).toBe('/d/a/b');
    expect(entryPathInside('/d', '../x')).toBeUndefined();
    expect(linkTargetInside('/d', 'a/link', '../b/file')).toBe(true);
    expect(linkTargetInside('/d', 'a/link', '../../etc/passwd')).toBe(false);
    expect(linkTargetInside('/d', 'link', '/etc/passwd')).toBe(false);
    // `self/..` is not `.` when self is a link, so `..` after a name is refused.
    expect(linkTargetInside('/d', 'sub/out', 'self/../..')).toBe(false);
    expect(linkTargetInside('/d', 'bin/run', '../lib/./index.js')).toBe(true);
  });
});

describe('artifact files', () => {
  const artifact = (uri: string, read = 'OWNER', execute = 'NONE') =>
    ({ uri, unarchive: 'NONE', permission: { read, execute } }) as RecipeArtifact;

  it.each([
    ['s3://bucket/com.example.A/1.0.0/app.zip', 'app.zip'],
    ['s3://bucket/run.sh', 'run.sh'],
    ['greengrass:component-artifact.zip', 'component-artifact.zip'],
  ])('%s is stored as %s', (uri, name) => {
    expect(artifactFileName(artifact(uri))).toBe(name);
  });

  it('refuses docker images and URIs without a file name', () => {
    expect(() => artifactFileName(artifact('docker:nginx:latest'))).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_ARTIFACT' }),
    );
    expect(() => artifactFileName(artifact('s3://bucket/dir/'))).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_ARTIFACT' }),
    );
  });

  it('unpacks a zip into a folder named after it without the last extension', () => {
    expect(unarchiveFolderName('com.example.App.zip')).toBe('com.example.App');
    expect(unarchiveFolderName('bundle.tar.zip')).toBe('bundle.tar');
  });

  it.each([
    ['OWNER', 'NONE', 0o600],
    ['ALL', 'NONE', 0o644],
    ['OWNER', 'OWNER', 0o700],
    ['OWNER', 'ALL', 0o755],
  ] as const)('Read %s Execute %s -> %s', (read, execute, mode) => {
    expect(artifactFileMode({ read, execute })).toBe(mode);
  });
});
