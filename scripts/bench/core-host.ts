// The local core for the benchmark, in its own process so its CPU is measured apart from the
// load generator: the IPC server with the recipe's configuration and accessControl, and
// com.custom.ImageClassifier started from the BUILT artifact the way the recipe runs it
// (`node <unarchived>/main.js` with SVCUID, the socket path and the Setenv variables), its
// stdout and stderr going to a log file as the nucleus does.
//
// It does not use the full local core (startCore) because the bench needs what LocalCore does
// not expose: each component's pid (for its CPU and RSS) and its time from spawn to RUNNING.
// It reuses the core's IPC server, unarchiver and recipe interpolation instead.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIFECYCLE_STEP_ENV } from '../../components/runtime/component.ts';
import { unarchiveZip } from '../../emulator/deployment/unarchive-zip.ts';
import { startIpcServer } from '../../emulator/ipc/server.ts';
import { corePaths } from '../../emulator/platform/core-paths.ts';
import type { JsonObject } from '../../emulator/util/json.ts';
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
import { linuxAmd64RunStep, parseBenchRecipe, withNodeOptions } from './recipe-run.ts';

function readStart(): CoreHostStart {
  const text = process.env[CORE_HOST_START_ENV];
  if (!text || !process.send) throw new Error('core-host.ts is started by system-under-test.ts (fork)');
  return JSON.parse(text) as CoreHostStart;
}

const start = readStart();
const send = (event: CoreHostEvent): void => {
  if (process.connected) process.send?.(event);
};

// The nucleus's layout: <root>/packages/artifacts-unarchived/<name>/<version>/<zip name>/.
const rootPath = start.workDir;
const recipe = parseBenchRecipe(await readFile(start.recipePath, 'utf8'), start.recipePath);
const decompressedPath = corePaths(rootPath).unarchived(recipe.name, recipe.version);
await unarchiveZip(start.zipPath, path.join(decompressedPath, path.basename(start.zipPath, '.zip')), {
  fileMode: 0o755,
});
// The classifier's run script execs the node com.custom.NodeRuntime links into its work folder.
// The bench links the Node.js running the bench, so the classifier and the in-process reference
// points of the same run share one Node.js.
const runtimeWork = corePaths(rootPath).work('com.custom.NodeRuntime');
await mkdir(runtimeWork, { recursive: true });
await rm(path.join(runtimeWork, 'node'), { force: true });
await symlink(process.execPath, path.join(runtimeWork, 'node'));
const classifierConfiguration: JsonObject = {
  ...recipe.defaultConfiguration,
  ...(start.config as JsonObject),
};
const classifierRun = linuxAmd64RunStep(recipe, rootPath, classifierConfiguration);

const server = await startIpcServer({ socketPath: path.join(start.workDir, 'ipc.socket') });
const allowAllPubSub = (name: string): JsonObject => ({
  accessControl: {
    'aws.greengrass.ipc.pubsub': {
      [`${name}:pubsub:1`]: {
        operations: ['aws.greengrass#PublishToTopic', 'aws.greengrass#SubscribeToTopic'],
        resources: ['*'],
      },
    },
  },
});
server.configuration.replace(CLASSIFIER, classifierConfiguration);
server.configuration.replace(BENCH_CLIENT, allowAllPubSub(BENCH_CLIENT));
server.configuration.replace(ECHO_COMPONENT, allowAllPubSub(ECHO_COMPONENT));

const logPath = path.join(start.workDir, 'components.log');
const log = createWriteStream(logPath);
const running = new Map<string, ChildProcess>();
let stopping = false;

/** A component's environment: ours without the bench's own variables, then the recipe's. */
const componentEnv = (env: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  ...process.env,
  [CORE_HOST_START_ENV]: undefined,
  NODE_OPTIONS: undefined,
  ...env,
});

/**
 * Spawns a component's Run script with `sh -c` (an `exec` in the script makes the shell's pid
 * the component's) and resolves with its pid and the time from spawn to RUNNING.
 */
function startComponent(
  name: string,
  script: string,
  env: NodeJS.ProcessEnv,
): Promise<{ pid: number; startToRunningMs: number }> {
  return new Promise((resolve, reject) => {
    const spawnedAt = performance.now();
    const child = spawn('sh', ['-c', script], {
      cwd: rootPath,
      env: {
        ...componentEnv(env),
        SVCUID: server.tokens.issue(name),
        AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT: server.socketPath,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.set(name, child);
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const timer = setTimeout(() => fail(new Error(`${name}: no RUNNING in time`)), STARTUP_TIMEOUT_MS);
    const stopListening = server.onStateReported((component, state) => {
      if (component !== name || state !== 'RUNNING') return;
      cleanup();
      resolve({ pid: child.pid as number, startToRunningMs: performance.now() - spawnedAt });
    });
    child.once('exit', (code, signal) => {
      if (!stopping && running.get(name) === child) {
        running.delete(name);
        if (name === CLASSIFIER) send({ type: 'classifier-exit', code, signal });
      }
      fail(new Error(`${name} exited before RUNNING (code ${code}, signal ${signal}):\n${logTail()}`));
    });
    function cleanup() {
      clearTimeout(timer);
      stopListening();
    }
    function fail(error: Error) {
      cleanup();
      reject(error);
    }
  });
}

/** The components' last log lines, for a failure message. */
function logTail(lines = 15): string {
  try {
    return readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(no log: ${(error as Error).message})`;
  }
}

/** SIGTERM, as the nucleus stops a component; resolves when it has exited. */
function stopComponent(name: string): Promise<void> {
  const child = running.get(name);
  running.delete(name);
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The recipe's Run with its Setenv, plus any extra Node options (profiling). */
const startClassifier = () =>
  // The bench times start to the component's own RUNNING report (its "ready"), which a recipe
  // run step turns off (components/runtime/component.ts LIFECYCLE_STEP_ENV).
  startComponent(CLASSIFIER, withNodeOptions(classifierRun.script, start.nodeArgs), {
    ...classifierRun.env,
    [LIFECYCLE_STEP_ENV]: 'startup',
  });

const ECHO_ENTRY = fileURLToPath(new URL('./echo-component.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** From source: tsx resolves from the repository. */
const startEcho = () =>
  startComponent(
    ECHO_COMPONENT,
    `cd '${REPO_ROOT}' && exec '${process.execPath}' --import tsx '${ECHO_ENTRY}'`,
    { LOG_LEVEL: 'warn' },
  );

/** The stack's memory floor, in the unpacked artifact with the classifier's Setenv. */
function measureMemoryFloor(): Promise<number> {
  const artifactDir = path.join(decompressedPath, path.basename(start.zipPath, '.zip'));
  return new Promise((resolve, reject) => {
    execFile(
      'sh',
      ['-c', `cd '${artifactDir}' && exec node --input-type=module -e "$BENCH_MEMORY_FLOOR_SCRIPT"`],
      {
        env: {
          ...componentEnv(classifierRun.env),
          BENCH_MEMORY_FLOOR_SCRIPT: MEMORY_FLOOR_SCRIPT,
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

async function handle(command: CoreHostCommand): Promise<void> {
  try {
    switch (command.type) {
      case 'start-classifier':
        await stopComponent(CLASSIFIER);
        send({ type: 'classifier-running', ...(await startClassifier()) });
        break;
      case 'start-echo':
        send({ type: 'echo-running', pid: (await startEcho()).pid });
        break;
      case 'measure-memory-floor':
        send({ type: 'memory-floor', rssBytes: await measureMemoryFloor() });
        break;
      case 'stop-echo':
        await stopComponent(ECHO_COMPONENT);
        send({ type: 'echo-stopped' });
        break;
      case 'stop':
        stopping = true;
        await Promise.all([...running.keys()].map(stopComponent));
        await server.close();
        log.end();
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
send({ type: 'ready', socketPath: server.socketPath, clientToken: server.tokens.issue(BENCH_CLIENT) });
