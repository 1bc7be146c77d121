import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { linuxAmd64RunStep, parseBenchRecipe, withNodeOptions } from '../../scripts/bench/recipe-run.ts';

const RECIPE_FILE = new URL('../../recipes/com.custom.ImageClassifier.yaml', import.meta.url);
const recipe = parseBenchRecipe(readFileSync(RECIPE_FILE, 'utf8'), RECIPE_FILE.pathname);

describe('the bench core host runs the classifier as its recipe says', () => {
  it('interpolates the linux amd64 run and Setenv as the local core does', () => {
    const unpacked = '/gg/packages/artifacts-unarchived/com.custom.ImageClassifier/1.0.0';
    const step = linuxAmd64RunStep(recipe, '/gg', recipe.defaultConfiguration);
    expect(step.script).toContain(`app="${unpacked}/classifier-linux-x64"`);
    expect(step.script).toContain('node="/gg/work/com.custom.NodeRuntime/node"');
    expect(step.script).toContain('exec "$node" "$app/main.js"');
    expect(step.env.DEFAULT_IMAGE_ROOTS).toBe('/gg/packages/artifacts-unarchived:/gg/packages/artifacts');
    expect(step.env).toMatchObject({ MALLOC_ARENA_MAX: '2', NODE_OPTIONS: '--max-semi-space-size=1' });
  });

  it('refuses a recipe without a linux amd64 Run', () => {
    expect(() => linuxAmd64RunStep({ ...recipe, manifests: [] }, '/r', {})).toThrow(
      /no linux amd64 manifest/,
    );
  });

  it('adds Node options after `exec "$node"`, quoted for the shell', () => {
    expect(withNodeOptions('exec "$node" "$app/main.js"', ['--cpu-prof', "--x=it's"])).toBe(
      `exec "$node" '--cpu-prof' '--x=it'\\''s' "$app/main.js"`,
    );
    expect(withNodeOptions('exec "$node" "$app/main.js"', [])).toBe('exec "$node" "$app/main.js"');
    expect(() => withNodeOptions('node main.js', ['--cpu-prof'])).toThrow(/cannot add/);
  });
});
