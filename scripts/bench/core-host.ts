// The local core for the benchmark, in its own process so its CPU is measured apart from the
// load generator. It is the same core `npm start` and the tests run (startCore): the built
// classifier and com.custom.NodeRuntime are deployed from greengrass-build/ with a local
// deployment, exactly as on a device, and the core's own API gives what the bench measures:
// the classifier's pid (LocalCore.components) and its time from spawn to ready (state changes
// and its `component running` line, LocalCore.onComponentOutput).
import { execFile } from 'node:child_process';
import { readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCore } from '../../emulator/core/core.ts';
import { benchRecipes } from './bench-recipes.ts';
import {
  BENCH_CLIENT,
  CLASSIFIER,
  CORE_HOST_START_ENV,
  type CoreHostCommand,
  type CoreHostEvent,
  type CoreHostStart,
  ECHO_COMPONENT,
  STARTUP_TIMEOUT_MS,
} from './core-host-protocol.ts';
import { MEMORY_FLOOR_SCRIPT, parseMemoryFloor } from './memory-floor.ts';

function readStart(): CoreHostStart {
  const text = process.env[CORE_HOST_START_ENV];
  if (!text || !process.send) throw new Error('core-host.ts is started by system-under-test.ts (fork)');
  return JSON.parse(text) as CoreHostStart;
}

const start = readStart();
const send = (event: CoreHostEvent): void => {
  if (process.connected) process.send?.(event);
};

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const core = await startCore({ root: path.join(start.workDir, 'core'), redeployOnStart: false });
const recipes = await benchRecipes(start, path.join(start.workDir, 'recipes'));
core.ipc.configuration.replace(BENCH_CLIENT, {
  accessControl: {
    'aws.greengrass.ipc.pubsub': {
      [`${BENCH_CLIENT}:pubsub:1`]: {
        operations: ['aws.greengrass#PublishToTopic', 'aws.greengrass#SubscribeToTopic'],
        resources: ['*'],
      },
    },
  },
});
let stopping = false;

/** A component's line saying it is ready: the runtime's `component running`. */
const isReadyLine = (line: string): boolean => {
  try {
    return (JSON.parse(line) as { msg?: unknown }).msg === 'component running';
  } catch {
    return false;
  }
};

/**
 * Resolves once `name` is ready after `trigger` starts it: its pid, and the time from the core
 * spawning its run step (STARTING) to its ready line.
 */
function whenReady(name: string, trigger: () => void): Promise<{ pid: number; startToRunningMs: number }> {
  return new Promise((resolve, reject) => {
    let spawnedAt: number | undefined;
    const timer = setTimeout(() => finish(new Error(`${name}: not ready in time`)), STARTUP_TIMEOUT_MS);
    const offState = core.onStateChange((change) => {
      if (change.name !== name) return;
      if (change.to === 'STARTING') spawnedAt = performance.now();
      if (change.to === 'BROKEN') finish(new Error(`${name} is BROKEN; see ${core.paths.logs}/${name}.log`));
    });
    const offOutput = core.onComponentOutput((output) => {
      if (output.name !== name || spawnedAt === undefined || !isReadyLine(output.line)) return;
      const pid = core.component(name)?.pid;
      if (pid === undefined) finish(new Error(`${name} is ready but the core reports no process`));
      else finish(undefined, { pid, startToRunningMs: performance.now() - spawnedAt });
    });
    function finish(error: Error | undefined, ready?: { pid: number; startToRunningMs: number }) {
      clearTimeout(timer);
      offState();
      offOutput();
      if (error) reject(error);
      else if (ready) resolve(ready);
    }
    trigger();
  });
}

/** Deploys (merge) or removes components; rejects with the core's failure. */
async function deploy(request: Record<string, unknown>): Promise<void> {
  const record = core.deploy(request);
  const settled = await core.deploymentSettled(record.id);
  if (settled.status === 'FAILED')
    throw new Error(`deployment failed: ${settled.failure?.code} ${settled.failure?.message}`);
}

let classifierDeployed = false;
const startClassifier = (): Promise<{ pid: number; startToRunningMs: number }> =>
  whenReady(CLASSIFIER, () => {
    if (classifierDeployed) {
      core.restartComponent(CLASSIFIER);
      return;
    }
    classifierDeployed = true;
    void deploy({
      recipeDir: recipes.recipeDir,
      artifactDir: start.artifactDir,
      merge: { [CLASSIFIER]: recipes.classifierVersion },
      updateConfig: { [CLASSIFIER]: { RESET: [''], MERGE: start.config } },
    }).catch((error: Error) => send({ type: 'failed', message: error.message }));
  });

// The classifier dying on its own makes every later figure wrong: tell the bench.
core.onStateChange((change) => {
  if (change.name === CLASSIFIER && change.to === 'ERRORED' && !stopping)
    send({ type: 'classifier-exit', code: null, signal: null });
});

/** The stack's memory floor, in the deployed artifact with the environment the core gave the classifier. */
async function measureMemoryFloor(): Promise<number> {
  const pid = core.component(CLASSIFIER)?.pid;
  if (pid === undefined) throw new Error('the classifier is not running');
  const environ = (await readFile(`/proc/${pid}/environ`, 'utf8')).split('\0').filter(Boolean);
  const env = Object.fromEntries(
    environ.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]),
  );
  const node = readlinkSync(`/proc/${pid}/exe`);
  const app = path.dirname(env.MODELS_DIR ?? '');
  return new Promise((resolve, reject) => {
    execFile(
      node,
      ['--input-type=module', '-e', MEMORY_FLOOR_SCRIPT],
      {
        cwd: app,
        env: {
          ...env,
          BENCH_MEMORY_FLOOR_PHOTO: path.join(REPO_ROOT, 'models/files/pelican.jpeg'),
        },
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`memory floor failed: ${error.message}\n${stderr}`));
        else resolve(parseMemoryFloor(stdout));
      },
    );
  });
}

/** The Node.js version the classifier runs on (com.custom.NodeRuntime's). */
function classifierNodeVersion(pid: number): Promise<string> {
  return new Promise((resolve) => {
    execFile(readlinkSync(`/proc/${pid}/exe`), ['--version'], (error, stdout) =>
      resolve(error ? 'unknown' : stdout.trim()),
    );
  });
}

async function handle(command: CoreHostCommand): Promise<void> {
  try {
    switch (command.type) {
      case 'start-classifier': {
        const ready = await startClassifier();
        send({ type: 'classifier-running', ...ready, nodeVersion: await classifierNodeVersion(ready.pid) });
        break;
      }
      case 'start-echo': {
        const ready = await whenReady(
          ECHO_COMPONENT,
          () =>
            void deploy({
              recipeDir: recipes.recipeDir,
              merge: { [ECHO_COMPONENT]: recipes.echoVersion },
            }).catch((error: Error) => send({ type: 'failed', message: error.message })),
        );
        send({ type: 'echo-running', pid: ready.pid });
        break;
      }
      case 'measure-memory-floor':
        send({ type: 'memory-floor', rssBytes: await measureMemoryFloor() });
        break;
      case 'stop-echo':
        await deploy({ remove: [ECHO_COMPONENT] });
        send({ type: 'echo-stopped' });
        break;
      case 'stop':
        stopping = true;
        await core.close();
        send({ type: 'stopped' });
        if (process.connected) process.disconnect();
        break;
    }
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

process.on('message', (command: CoreHostCommand) => void handle(command));
// The bench died or was interrupted: leave nothing running behind it.
process.on('disconnect', () => {
  if (!stopping) void handle({ type: 'stop' });
});
send({ type: 'ready', socketPath: core.socketPath, clientToken: core.ipc.tokens.issue(BENCH_CLIENT) });
