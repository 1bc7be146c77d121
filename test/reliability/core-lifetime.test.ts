// Components live and die with their core. A core killed with SIGKILL cannot stop them; the next
// core on the same root must end what it left before it starts its own, so each component runs
// once. And the stops users make, one SIGTERM to the process group (what systemd does) or Ctrl+C
// on `npm start` (SIGINT to the terminal's process group: npm, tsx and the core at once, then
// their relayed copies), must be graceful: exit 0, `core-stopped` logged, no socket and no
// component process left behind.

import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findLeftoverProcesses } from '../../emulator/lifecycle/leftover-processes.ts';
import { CliProcess, REPO_ROOT, runCli } from '../helpers/cli-process.ts';
import { readLines, waitForLogLine, waitForLogLines } from '../helpers/log-file.ts';

/** How many times each stop is repeated (CORE_LIFETIME_RUNS=10 for the issue's figure). */
const RUNS = Number(process.env.CORE_LIFETIME_RUNS ?? 2);
const EXIT_GUARD_MS = 30_000;
const roots: string[] = [];

afterAll(() => {
  for (const root of roots) {
    for (const leftover of findLeftoverProcesses(path.join(root, 'ipc.socket'))) {
      try {
        process.kill(-leftover.processGroup, 'SIGKILL');
      } catch {}
    }
    fs.rmSync(root, { recursive: true, force: true });
  }
});

function newRoot(prefix: string): string {
  const root = fs.mkdtempSync(`/tmp/${prefix}-`);
  roots.push(root);
  return root;
}

/** A component that takes a second to stop: long enough for relayed signals to arrive meanwhile. */
const SLEEPER = 'com.example.Sleeper';
/** A component that ignores SIGTERM: only a SIGKILL ends it. */
const STUBBORN = 'com.example.Stubborn';

const recipe = (name: string, run: string) => `RecipeFormatVersion: "2020-01-25"
ComponentName: ${name}
ComponentVersion: "1.0.0"
Manifests:
  - Platform: { os: linux, runtime: "*" }
    Lifecycle:
      run: |
${run
  .split('\n')
  .map((line) => `        ${line}`)
  .join('\n')}
`;

async function deploy(root: string, components: Record<string, string>): Promise<void> {
  const recipes = fs.mkdtempSync('/tmp/ggt-recipes-');
  const merges: string[] = [];
  for (const [name, run] of Object.entries(components)) {
    fs.writeFileSync(path.join(recipes, `${name}-1.0.0.yaml`), recipe(name, run));
    merges.push('--merge', `${name}=1.0.0`);
  }
  const created = await runCli(['deployment', 'create', '--recipeDir', recipes, ...merges, '--root', root]);
  expect(created.code, created.stderr).toBe(0);
  for (const name of Object.keys(components)) {
    await waitForLogLine(
      path.join(root, 'logs', 'greengrass.log'),
      new RegExp(`serviceName=${name.replaceAll('.', '\\.')}, currentState=STARTING, newState=RUNNING`),
    );
  }
}

const SLEEPER_RUN = "trap 'sleep 1; exit 0' TERM\nwhile :; do sleep 0.1; done";
const STUBBORN_RUN = "trap '' TERM\nwhile :; do sleep 0.1; done";
const deploySleeper = (root: string) => deploy(root, { [SLEEPER]: SLEEPER_RUN });

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error('did not exit in time')), EXIT_GUARD_MS);
    child.once('exit', (code) => {
      clearTimeout(guard);
      resolve(code);
    });
  });
}

describe('a core killed with SIGKILL', () => {
  it('takes its components with it (parent-death signal), and the next core ends any that survived', async () => {
    const root = newRoot('ggk');
    const socket = path.join(root, 'ipc.socket');
    const groups = () => [...new Set(findLeftoverProcesses(socket).map((found) => found.processGroup))];
    const first = new CliProcess(['start', '--root', root]);
    await first.waitForLine(/^ {2}IPC socket: /);
    await deploy(root, { [SLEEPER]: SLEEPER_RUN, [STUBBORN]: STUBBORN_RUN });
    expect(groups()).toHaveLength(2);
    process.kill(first.pid as number, 'SIGKILL');
    await first.exited;
    // The sleeper got SIGTERM from the kernel and stopped; the stubborn one ignored it.
    await waitFor(() => groups().length === 1);
    const [survivor] = groups();

    const second = new CliProcess(['start', '--root', root]);
    try {
      await second.waitForLine(/^ {2}IPC socket: /);
      await waitForLogLine(path.join(root, 'logs', 'greengrass.log'), /leftover-components-ended/);
      // The second RUNNING of each in the log: the new core's instances.
      for (const name of [SLEEPER, STUBBORN]) {
        await waitForLogLines(
          path.join(root, 'logs', 'greengrass.log'),
          new RegExp(`serviceName=${name.replaceAll('.', '\\.')}, currentState=STARTING, newState=RUNNING`),
          2,
        );
      }
      const running = groups();
      expect(running).toHaveLength(2);
      expect(running).not.toContain(survivor);
    } finally {
      await second.stop();
    }
  }, 60_000);
});

describe.each(Array.from({ length: RUNS }, (_, run) => run + 1))('graceful stops, run %i', () => {
  it('one SIGTERM to the process group of `npm run emulator -- start`: exit 0, core-stopped, nothing left', async () => {
    const root = newRoot('ggg');
    const socket = path.join(root, 'ipc.socket');
    const npm = spawn('npm', ['run', 'emulator', '--silent', '--', 'start', '--root', root], {
      cwd: REPO_ROOT,
      detached: true, // its own process group, as a service under systemd
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    npm.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    // Printed once the core is ready (the socket file appears earlier, before the CLI's token).
    await waitFor(() => stdout.includes('IPC socket:'));
    await deploySleeper(root);
    process.kill(-(npm.pid as number), 'SIGTERM');
    expect(await exited(npm)).toBe(0);
    expect(
      readLines(path.join(root, 'logs', 'greengrass.log')).some((line) => line.includes('core-stopped')),
    ).toBe(true);
    expect(fs.existsSync(socket)).toBe(false);
    expect(findLeftoverProcesses(socket)).toEqual([]);
  }, 60_000);

  it('Ctrl+C (SIGINT to the process group) on `npm start`: core-stopped, nothing left', async () => {
    const root = newRoot('ggc');
    const socket = path.join(root, 'ipc.socket');
    const npm = spawn(
      'npm',
      ['start', '--silent', '--', '--root', root, '--interval', '500', '--live-view-port', '0'],
      {
        cwd: REPO_ROOT,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    npm.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    await waitFor(() => stdout.includes('result: pelican'), 90_000);
    process.kill(-(npm.pid as number), 'SIGINT');
    await exited(npm);
    expect(
      readLines(path.join(root, 'logs', 'greengrass.log')).some((line) => line.includes('core-stopped')),
    ).toBe(true);
    expect(fs.existsSync(socket)).toBe(false);
    expect(findLeftoverProcesses(socket)).toEqual([]);
  }, 120_000);
});

async function waitFor(check: () => boolean, timeoutMs = EXIT_GUARD_MS): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
