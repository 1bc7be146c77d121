// scripts/deploy-local.sh, remove-local.sh and tail-logs.sh, each run by dash and by bash, on
// a stand-in build output, with a recording stand-in for greengrass-cli (a real core is not
// available here).

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostTarget, TARGETS, type Target } from '../../scripts/build/targets.ts';
import { writeBuildOutput } from './build-output-fixture.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const execFileAsync = promisify(execFile);
const HOST = hostTarget(process.platform, process.arch);
const MERGES =
  '--merge com.custom.ImageClassifier=1.0.0 --merge com.custom.LiveView=1.0.0 --merge com.custom.NodeRuntime=24.22.3 --merge com.custom.requester=1.0.0';

const SHELLS = ['/bin/dash', '/bin/bash'].filter((shell) => existsSync(shell));

describe.each(SHELLS)('the real-core scripts under %s', (shell) => {
  let work: string;
  let buildDir: string;
  let recorder: string;
  let calls: string;

  const script = (name: string, args: readonly string[], env: Record<string, string> = {}) =>
    execFileAsync(shell, [join(ROOT, 'scripts', name), ...args], {
      cwd: work,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', GREENGRASS_CLI: recorder, SUDO: '', ...env },
    }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'local-scripts-'));
    buildDir = join(work, 'greengrass-build');
    await writeBuildOutput(buildDir, TARGETS);
    calls = join(work, 'cli-calls.log');
    recorder = join(work, 'greengrass-cli');
    await writeFile(
      recorder,
      `#!/bin/sh\necho "$*" >> "${calls}"\necho "Local deployment submitted! Deployment Id: 1234"\n`,
    );
    await chmod(recorder, 0o755);
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it.each(['deploy-local.sh', 'remove-local.sh', 'tail-logs.sh'])(
    '%s --help prints its usage',
    async (name) => {
      const result = await script(name, ['--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(new RegExp(`^Usage: scripts/${name.replace('.', '\\.')}`));
    },
  );

  it.each(['deploy-local.sh', 'remove-local.sh', 'tail-logs.sh'])(
    '%s rejects an unknown option',
    async (name) => {
      const result = await script(name, ['--bogus']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("unknown option '--bogus'");
    },
  );

  it.skipIf(HOST === undefined)(
    'deploy-local.sh deploys every component of the build with absolute folders',
    async () => {
      await rm(calls, { force: true });
      const result = await script('deploy-local.sh', ['--build-dir', 'greengrass-build']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Deployment Id: 1234');
      expect(await readFile(calls, 'utf8')).toBe(
        `deployment create --recipeDir ${buildDir}/recipes --artifactDir ${buildDir}/artifacts ${MERGES}\n`,
      );
    },
  );

  it.skipIf(HOST === undefined)('deploy-local.sh --dry-run prints the command with sudo', async () => {
    const result = await script('deploy-local.sh', ['--dry-run', '--build-dir', buildDir], { SUDO: 'sudo' });
    const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
    expect(result.stdout).toBe(
      `${sudo}${recorder} deployment create --recipeDir ${buildDir}/recipes --artifactDir ${buildDir}/artifacts ${MERGES}\n`,
    );
  });

  it.skipIf(HOST === undefined)('deploy-local.sh --without leaves the optional live view out', async () => {
    const result = await script('deploy-local.sh', [
      '--dry-run',
      '--build-dir',
      buildDir,
      '--without',
      'com.custom.LiveView',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(MERGES.replace(' --merge com.custom.LiveView=1.0.0', ''));
    expect(result.stdout).not.toContain('LiveView');
  });

  it('deploy-local.sh says to build first when there is no build output', async () => {
    const result = await script('deploy-local.sh', ['--build-dir', join(work, 'nothing-here')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("run 'npm run build' first");
  });

  it.skipIf(HOST === undefined)("deploy-local.sh refuses a build without this machine's zip", async () => {
    const otherOnly = join(work, 'other-only');
    await writeBuildOutput(otherOnly, TARGETS.filter((target) => target !== HOST) as Target[]);
    const result = await script('deploy-local.sh', ['--build-dir', otherOnly]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no ${HOST?.id} zip for com.custom.ImageClassifier`);
  });

  it('remove-local.sh removes every component of the build (the Node.js runtime too)', async () => {
    await rm(calls, { force: true });
    const result = await script('remove-local.sh', []);
    expect(result.code).toBe(0);
    expect(await readFile(calls, 'utf8')).toBe(
      'deployment create --remove com.custom.ImageClassifier,com.custom.LiveView,com.custom.NodeRuntime,com.custom.requester\n',
    );
  });

  it('tail-logs.sh prints the end of both component logs', async () => {
    const root = join(work, 'core');
    await mkdir(join(root, 'logs'), { recursive: true });
    await writeFile(join(root, 'logs/com.custom.ImageClassifier.log'), 'one\ntwo\nclassifier last\n');
    await writeFile(join(root, 'logs/com.custom.requester.log'), 'three\nrequester last\n');
    const result = await script('tail-logs.sh', ['--root', root, '--no-follow', '-n', '1']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `==> ${root}/logs/com.custom.ImageClassifier.log <==\nclassifier last\n\n` +
        `==> ${root}/logs/com.custom.requester.log <==\nrequester last\n`,
    );
  });

  it('tail-logs.sh rejects a line count that is not a number', async () => {
    const result = await script('tail-logs.sh', ['-n', 'many']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("-n needs a number of lines, not 'many'");
  });
});
