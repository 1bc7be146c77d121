// The CDK tests (cdk/, a separate package) synthesise from a committed stand-in build output.
// This keeps that stand-in equal to what the build makes of the current source recipes.
// Regenerate it with: UPDATE_CDK_FIXTURE=1 npx vitest run test/packaging/cdk-fixture.test.ts

import { readdir, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGETS } from '../../scripts/build/targets.ts';
import { renderRecipes, writeBuildOutput } from './build-output-fixture.ts';

const FIXTURE = join(resolve(import.meta.dirname, '..', '..'), 'cdk/test/fixtures/build-output');

describe('the CDK tests’ stand-in build output', () => {
  it('holds the source recipes rendered for every platform and their artifacts', async () => {
    if (process.env.UPDATE_CDK_FIXTURE === '1') {
      await rm(FIXTURE, { recursive: true, force: true });
      await writeBuildOutput(FIXTURE, TARGETS);
    }
    const expected = await renderRecipes(TARGETS);
    const hint = 'stale: run UPDATE_CDK_FIXTURE=1 npx vitest run test/packaging/cdk-fixture.test.ts';
    expect((await readdir(join(FIXTURE, 'recipes'))).sort(), hint).toEqual([...expected.keys()].sort());
    for (const [file, text] of expected) {
      expect(await readFile(join(FIXTURE, 'recipes', file), 'utf8'), `${file} ${hint}`).toBe(text);
    }
    const artifacts = await readdir(join(FIXTURE, 'artifacts'), { recursive: true });
    expect(artifacts.filter((path) => path.endsWith('.zip')).sort()).toEqual([
      'com.custom.ImageClassifier/1.0.0/classifier-linux-arm64.zip',
      'com.custom.ImageClassifier/1.0.0/classifier-linux-x64.zip',
      'com.custom.LiveView/1.0.0/liveview-linux-arm64.zip',
      'com.custom.LiveView/1.0.0/liveview-linux-x64.zip',
      'com.custom.NodeRuntime/24.22.3/node-linux-arm64.zip',
      'com.custom.NodeRuntime/24.22.3/node-linux-x64.zip',
      'com.custom.requester/1.0.0/requester-linux-arm64.zip',
      'com.custom.requester/1.0.0/requester-linux-x64.zip',
    ]);
  });
});
