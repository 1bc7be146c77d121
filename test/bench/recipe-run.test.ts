import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { linuxAmd64RunStep, withNodeOptions } from '../../scripts/bench/recipe-run.ts';

const recipe = parse(
  readFileSync(new URL('../../recipes/com.custom.ImageClassifier.yaml', import.meta.url), 'utf8'),
);

describe('the bench core host runs the classifier as its recipe says', () => {
  it('interpolates the linux amd64 Run and Setenv', () => {
    const step = linuxAmd64RunStep(recipe, { decompressedPath: '/gg/unarchived', rootPath: '/gg' });
    expect(step.script).toBe('exec node "/gg/unarchived/classifier-linux-x64/main.js"');
    expect(step.env.MODELS_DIR).toBe('/gg/unarchived/classifier-linux-x64/models');
    expect(step.env.DEFAULT_IMAGE_ROOTS).toBe('/gg/packages/artifacts-unarchived:/gg/packages/artifacts');
    expect(step.env).toMatchObject({ MALLOC_ARENA_MAX: '2', NODE_OPTIONS: '--max-semi-space-size=1' });
  });

  it('refuses a recipe without a linux amd64 Run', () => {
    expect(() => linuxAmd64RunStep({ Manifests: [] }, { decompressedPath: '/d', rootPath: '/r' })).toThrow(
      /no linux amd64 manifest/,
    );
  });

  it('adds Node options after `exec node`, quoted for the shell', () => {
    expect(withNodeOptions('exec node "/a/main.js"', ['--cpu-prof', "--x=it's"])).toBe(
      `exec node '--cpu-prof' '--x=it'\\''s' "/a/main.js"`,
    );
    expect(withNodeOptions('exec node "/a/main.js"', [])).toBe('exec node "/a/main.js"');
    expect(() => withNodeOptions('node main.js', ['--cpu-prof'])).toThrow(/cannot add/);
  });
});
