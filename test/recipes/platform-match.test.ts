import { describe, expect, it } from 'vitest';
import { platformLabels } from '../../emulator/platform/platform-labels.ts';
import { platformMatches, selectManifestIndex } from '../../emulator/recipes/platform-match.ts';
import type { PlatformRequirement, RecipeManifest } from '../../emulator/recipes/recipe-types.ts';

const x64Linux = platformLabels({ platform: 'linux', arch: 'x64', machine: 'x86_64' });
const pi = platformLabels({ platform: 'linux', arch: 'arm', machine: 'armv7l' });

describe('platformLabels', () => {
  it.each([
    [
      { platform: 'linux', arch: 'x64', machine: 'x86_64' },
      { os: 'linux', architecture: 'amd64' },
    ],
    [
      { platform: 'linux', arch: 'arm64', machine: 'aarch64' },
      { os: 'linux', architecture: 'aarch64' },
    ],
    [
      { platform: 'linux', arch: 'arm', machine: 'armv7l' },
      { os: 'linux', architecture: 'arm', 'architecture.detail': 'armv7l' },
    ],
    [
      { platform: 'darwin', arch: 'arm64', machine: 'arm64' },
      { os: 'darwin', architecture: 'aarch64' },
    ],
    [
      { platform: 'win32', arch: 'ia32', machine: 'i686' },
      { os: 'windows', architecture: 'x86' },
    ],
    [
      { platform: 'aix', arch: 'ppc64', machine: 'ppc64' },
      { os: 'unknown', architecture: 'unknown' },
    ],
  ])('maps Node facts %j to Greengrass labels', (facts, expected) => {
    expect(platformLabels(facts)).toEqual({ ...expected, runtime: 'aws_nucleus_classic' });
  });

  it('lets overrides replace and add labels (nucleus platformOverride)', () => {
    expect(
      platformLabels({ platform: 'linux', arch: 'x64', machine: 'x86_64' }, { os: 'ubuntu', board: 'pi4' }),
    ).toEqual({
      os: 'ubuntu',
      architecture: 'amd64',
      runtime: 'aws_nucleus_classic',
      board: 'pi4',
    });
  });
});

describe('platformMatches', () => {
  it.each<[string, Record<string, PlatformRequirement>, boolean]>([
    ['an empty platform', {}, true],
    ['the exact os', { os: 'linux' }, true],
    ['another os', { os: 'windows' }, false],
    ['os and architecture', { os: 'linux', architecture: 'amd64' }, true],
    ['a wrong architecture', { os: 'linux', architecture: 'aarch64' }, false],
    ['a * wildcard', { os: '*', architecture: '*' }, true],
    ['* on an absent label', { 'architecture.detail': '*' }, true],
    ['an exact value on an absent label', { 'architecture.detail': 'armv7l' }, false],
    ['null on an absent label', { 'architecture.detail': null }, true],
    ['null on a present label', { os: null }, false],
    ['// (has a value)', { os: '//' }, true],
    ['// on an absent label', { 'architecture.detail': '//' }, false],
    ['a regex', { os: '/linux|darwin/' }, true],
    ['a regex that must match the whole label', { os: '/lin/' }, false],
    ['an invalid regex', { os: '/[/' }, false],
    ['legacy all for os', { os: 'all' }, true],
    ['legacy any for architecture', { architecture: 'any' }, true],
    ['legacy all on another key', { runtime: 'all' }, false],
    ['a list of alternatives', { architecture: ['aarch64', 'amd64'] }, true],
    ['a list without a match', { architecture: ['aarch64', 'arm'] }, false],
    ['a reserved special label', { os: '$linux' }, false],
    ['runtime *', { runtime: '*' }, true],
    ['runtime aws_nucleus_classic', { runtime: 'aws_nucleus_classic' }, true],
    ['runtime aws_nucleus_lite', { runtime: 'aws_nucleus_lite' }, false],
    ['runtime as a list of both', { runtime: ['aws_nucleus_lite', 'aws_nucleus_classic'] }, true],
    ['labels are case-sensitive', { os: 'Linux' }, false],
  ])('%s', (_, platform, expected) => {
    expect(platformMatches(platform, x64Linux)).toBe(expected);
  });

  it('matches architecture.detail on 32-bit ARM', () => {
    expect(platformMatches({ architecture: 'arm', 'architecture.detail': 'armv7l' }, pi)).toBe(true);
    expect(platformMatches({ architecture: 'arm', 'architecture.detail': 'armv6l' }, pi)).toBe(false);
  });
});

describe('selectManifestIndex', () => {
  const manifest = (platform: Record<string, PlatformRequirement>): RecipeManifest => ({
    platform,
    lifecycle: {},
    selections: [],
    artifacts: [],
  });

  it('takes the FIRST manifest that matches, not the most specific', () => {
    const manifests = [
      manifest({ os: 'windows' }),
      manifest({}),
      manifest({ os: 'linux', architecture: 'amd64' }),
    ];
    expect(selectManifestIndex(manifests, x64Linux)).toBe(1);
  });

  it('skips lite-only manifests', () => {
    const manifests = [
      manifest({ os: 'linux', runtime: 'aws_nucleus_lite' }),
      manifest({ os: 'linux', runtime: '*' }),
    ];
    expect(selectManifestIndex(manifests, x64Linux)).toBe(1);
  });

  it('returns -1 when nothing matches', () => {
    expect(selectManifestIndex([manifest({ os: 'darwin' })], x64Linux)).toBe(-1);
    expect(selectManifestIndex([], x64Linux)).toBe(-1);
  });
});
