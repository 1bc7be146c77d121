// The README's first command, as a user runs it: `npm start -- --count 3` fetches what is
// missing, uses the build, starts the local core, deploys the components from greengrass-build/
// and prints the live view's address and the requester's results; it exits 0 after three, the first for pelican.jpeg. The
// same on the lite flavour, and the same again after a user changed the configuration.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { CliProcess, runCli } from '../helpers/cli-process.ts';
import { BUILD_DIR, REPO_ROOT } from '../helpers/component-build.ts';
import { readLines } from '../helpers/log-file.ts';

/** Failure guard: model load, deployment and three requests at the recipe's 5 s interval. */
const NPM_START_TIMEOUT_MS = 90_000;
const root = fs.mkdtempSync('/tmp/ggs-');

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function npmStart(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('npm', ['start', '--silent', '--', ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), NPM_START_TIMEOUT_MS);
  return new Promise((resolve) =>
    child.once('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    }),
  );
}

it(
  'npm start -- --count 3 prints three results, pelican first, and exits 0',
  async () => {
    const run = await npmStart(['--count', '3', '--root', root]);
    const results = run.stdout.split('\n').filter((line) => line.startsWith('result: '));
    // Label, then the file, the probability and the request-to-reply latency.
    expect(results, `${run.stdout}\n${run.stderr}`).toEqual([
      expect.stringMatching(/^result: pelican {2}pelican\.jpeg \d{2,3}\.\d% \d+ ms$/),
      expect.stringMatching(/^result: tabby {2}cat\.jpeg \d{1,3}\.\d% \d+ ms$/),
      expect.stringMatching(/^result: black-and-tan coonhound {2}dog\.jpg \d{1,3}\.\d% \d+ ms$/),
    ]);
    expect(run.code).toBe(0);
    // The live view's page, on the recipe's port, with the token its log printed.
    expect(run.stderr).toMatch(/^Live view: http:\/\/127\.0\.0\.1:1447\/\?token=[0-9a-f]{32}$/m);
    // A requester that finished after its last result is not reported as stopping short.
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/is FINISHED after \d+ result/);

    const requesterLog = readLines(path.join(root, 'logs', 'com.custom.requester.log'));
    expect(
      requesterLog.some((line) =>
        / \(Copier\) com\.custom\.requester: stdout\. .*"msg":"result: pelican"/.test(line),
      ),
    ).toBe(true);
    const classifierLog = readLines(path.join(root, 'logs', 'com.custom.ImageClassifier.log'));
    expect(
      classifierLog.some((line) => line.includes('"msg":"request"') && line.includes('pelican.jpeg')),
    ).toBe(true);
    // The core stopped both components politely when the count was reached.
    const greengrass = readLines(path.join(root, 'logs', 'greengrass.log'));
    expect(
      greengrass.some((line) =>
        line.includes('serviceName=com.custom.ImageClassifier, currentState=STOPPING, newState=FINISHED'),
      ),
    ).toBe(true);
    expect(fs.existsSync(path.join(root, 'ipc.socket'))).toBe(false);
  },
  NPM_START_TIMEOUT_MS + 10_000,
);

it(
  'npm start -- --nucleus lite deploys the unpacked build on the lite flavour and prints pelican',
  async () => {
    const liteRoot = fs.mkdtempSync('/tmp/ggs-lite-');
    try {
      const run = await npmStart(['--count', '1', '--root', liteRoot, '--nucleus', 'lite']);
      expect(
        run.stdout
          .split('\n')
          .filter((line) => line.startsWith('result: '))
          .map((line) => line.split('  ')[0]),
        run.stderr,
      ).toEqual(['result: pelican']);
      expect(run.code).toBe(0);
      expect(run.stderr).toContain('Local Greengrass core (lite nucleus)');
      // Lite's local deployment copied the unpacked build and unarchived nothing.
      expect(
        fs.existsSync(path.join(liteRoot, 'packages/artifacts-unarchived/com.custom.ImageClassifier')),
      ).toBe(false);
    } finally {
      fs.rmSync(liteRoot, { recursive: true, force: true });
    }
  },
  NPM_START_TIMEOUT_MS + 10_000,
);

it(
  'npm start shows the same thing after a user changed the configuration on that core',
  async () => {
    // A user's experiment on the same core: a classifier that may read nothing of the samples,
    // and a requester that stops after one request.
    const core = new CliProcess(['start', '--root', root]);
    await core.waitForLine(/^ {2}IPC socket: /);
    const created = await runCli([
      'deployment',
      'create',
      '--recipeDir',
      path.join(BUILD_DIR, 'recipes'),
      '--artifactDir',
      path.join(BUILD_DIR, 'artifacts'),
      '--merge',
      'com.custom.ImageClassifier=1.0.0',
      '--merge',
      'com.custom.requester=1.0.0',
      '--update-config',
      JSON.stringify({
        'com.custom.ImageClassifier': { MERGE: { ImageRoots: ['/nonexistent'] } },
        'com.custom.requester': { MERGE: { Count: 1, Images: ['dog.jpg'] } },
      }),
      '--root',
      root,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const id = /Deployment Id: (\S+)/.exec(created.stdout)?.[1] as string;
    let status = '';
    while (!/SUCCEEDED|FAILED/.test(status)) {
      status = (await runCli(['deployment', 'status', '-i', id, '--root', root])).stdout;
    }
    expect(status).toContain('SUCCEEDED');
    await core.stop();
    const run = await npmStart(['--count', '2', '--root', root]);
    const results = run.stdout
      .split('\n')
      .filter((line) => line.startsWith('result: '))
      .map((line) => line.split('  ')[0]);
    expect(results, `${run.stdout}\n${run.stderr}`).toEqual(['result: pelican', 'result: tabby']);
    expect(run.code).toBe(0);
  },
  NPM_START_TIMEOUT_MS + 30_000,
);
