// `npm run gdk-publish` as a real child process on a stand-in build output: the per-component
// staging gdk needs, the dry run, the refusal to publish a recipe missing a platform, and the
// gdk invocations (a recording stand-in for gdk, which needs AWS).

import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TARGETS } from '../../scripts/build/targets.ts';
import { renderRecipes, writeBuildOutput } from './build-output-fixture.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const execFileAsync = promisify(execFile);
const NAMES = ['com.custom.ImageClassifier', 'com.custom.requester', 'com.custom.LiveView'] as const;

async function publish(args: readonly string[], env: Record<string, string> = {}) {
  return execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/publish/main.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

describe('npm run gdk-publish', () => {
  let work: string;
  let full: string;
  let partial: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'gdk-publish-'));
    full = join(work, 'full');
    partial = join(work, 'partial');
    await writeBuildOutput(full, TARGETS);
    await writeBuildOutput(partial, TARGETS.slice(0, 1));
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('stages each component as its own gdk project and prints the commands in a dry run', async () => {
    const result = await publish(['--dry-run', '--build-dir', full]);
    expect(result.code).toBe(0);
    const recipes = await renderRecipes(TARGETS);
    const rootConfig = JSON.parse(await readFile(join(ROOT, 'gdk-config.json'), 'utf8'));
    const rootSettings = rootConfig.component['com.custom.ImageClassifier'];
    for (const name of NAMES) {
      const staging = join(full, 'gdk-publish', name);
      expect(result.stdout).toContain(`would run (in ${staging}): gdk component publish\n`);
      const config = JSON.parse(await readFile(join(staging, 'gdk-config.json'), 'utf8'));
      expect(Object.keys(config.component)).toEqual([name]);
      expect(config.component[name]).toMatchObject({
        author: rootSettings.author,
        version: '1.0.0',
        publish: rootSettings.publish,
        build: { build_system: 'custom' },
      });
      expect(config.gdk_version).toBe(rootConfig.gdk_version);
      const recipe = recipes.get(`${name}-1.0.0.yaml`);
      expect(await readFile(join(staging, 'recipe.yaml'), 'utf8')).toBe(recipe);
      expect(await readFile(join(staging, 'greengrass-build/recipes/recipe.yaml'), 'utf8')).toBe(recipe);
      const base = {
        'com.custom.ImageClassifier': 'classifier',
        'com.custom.requester': 'requester',
        'com.custom.LiveView': 'liveview',
      }[name];
      expect((await readdir(join(staging, 'greengrass-build/artifacts', name, '1.0.0'))).sort()).toEqual([
        `${base}-linux-arm64.zip`,
        `${base}-linux-x64.zip`,
      ]);
    }
  });

  it('passes an exact bucket and a region on to gdk', async () => {
    const result = await publish([
      '--dry-run',
      '--build-dir',
      full,
      '--bucket',
      'my-artifacts',
      '--region',
      'eu-west-1',
    ]);
    expect(result.stdout).toContain('gdk component publish --bucket my-artifacts --region eu-west-1\n');
    const config = JSON.parse(
      await readFile(join(full, 'gdk-publish/com.custom.requester/gdk-config.json'), 'utf8'),
    );
    expect(config.component['com.custom.requester'].publish.region).toBe('eu-west-1');
  });

  it('refuses a recipe that lacks a platform unless told --allow-partial', async () => {
    const refused = await publish(['--dry-run', '--build-dir', partial]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /has no manifest linux-aarch64: devices of that platform could not deploy it/,
    );
    const allowed = await publish(['--dry-run', '--build-dir', partial, '--allow-partial']);
    expect(allowed.code).toBe(0);
  });

  it('says what to do when nothing was built', async () => {
    const result = await publish(['--dry-run', '--build-dir', join(work, 'absent')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('run npm run build first');
  });

  it('runs gdk component publish in each staging folder', async () => {
    const record = join(work, 'gdk-calls.log');
    const fakeGdk = join(work, 'gdk');
    await writeFile(
      fakeGdk,
      `#!/bin/sh\necho "$(pwd) $* $(ls greengrass-build/artifacts/*/* | tr '\\n' ' ')" >> "${record}"\n`,
    );
    await chmod(fakeGdk, 0o755);
    const result = await publish(['--build-dir', full], { GDK: fakeGdk });
    expect(result.code).toBe(0);
    const calls = (await readFile(record, 'utf8')).split('\n').filter((line) => line !== '');
    expect(calls).toEqual([
      `${join(full, 'gdk-publish', NAMES[0])} component publish classifier-linux-arm64.zip classifier-linux-x64.zip `,
      `${join(full, 'gdk-publish', NAMES[2])} component publish liveview-linux-arm64.zip liveview-linux-x64.zip `,
      `${join(full, 'gdk-publish', 'com.custom.NodeRuntime')} component publish node-linux-arm64.zip node-linux-x64.zip `,
      `${join(full, 'gdk-publish', NAMES[1])} component publish requester-linux-arm64.zip requester-linux-x64.zip `,
    ]);
  });
});
