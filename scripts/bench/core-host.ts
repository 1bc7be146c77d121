// The local core for the benchmark, in its own process so its CPU is measured apart from the
// load generator: the IPC server with the recipe's configuration and accessControl, and
// com.custom.ImageClassifier started from the BUILT artifact the way the recipe runs it
// (`node <unarchived>/main.js` with SVCUID, the socket path and the Setenv variables), its
// stdout and stderr going to a log file as the nucleus does.
//
// This is the one place to change when the full local core (startCore) lands: start it on a
// temporary root, deploy the recipe and artifact, and report the classifier's pid and its
// time from spawn to RUNNING. The messages to and from the bench stay the same.
import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { unarchiveZip } from '../../emulator/deployment/unarchive-zip.ts';
import type { JsonObject } from '../../emulator/ipc/json.ts';
import { startIpcServer } from '../../emulator/ipc/server.ts';
import {
  BENCH_CLIENT,
  CLASSIFIER,
  CORE_HOST_START_ENV,
  type CoreHostCommand,
  type CoreHostEvent,
  type CoreHostStart,
  STARTUP_TIMEOUT_MS,
} from './core-host-protocol.ts';

function readStart(): CoreHostStart {
  const text = process.env[CORE_HOST_START_ENV];
  if (!text || !process.send) throw new Error('core-host.ts is started by system-under-test.ts (fork)');
  return JSON.parse(text) as CoreHostStart;
}

const start = readStart();
const send = (event: CoreHostEvent): void => void process.send?.(event);

const artifactDir = path.join(start.workDir, 'classifier-linux-x64');
await unarchiveZip(start.zipPath, artifactDir, { fileMode: 0o755 });
const recipe = parse(await readFile(start.recipePath, 'utf8'));
const defaults = recipe.ComponentConfiguration.DefaultConfiguration as JsonObject;

const server = await startIpcServer({ socketPath: path.join(start.workDir, 'ipc.socket') });
server.configuration.replace(CLASSIFIER, { ...defaults, ...(start.config as JsonObject) });
server.configuration.replace(BENCH_CLIENT, {
  accessControl: {
    'aws.greengrass.ipc.pubsub': {
      [`${BENCH_CLIENT}:pubsub:1`]: {
        operations: ['aws.greengrass#PublishToTopic', 'aws.greengrass#SubscribeToTopic'],
        resources: ['*'],
      },
    },
  },
});
const logPath = path.join(start.workDir, `${CLASSIFIER}.log`);
const log = createWriteStream(logPath);
let classifier: ChildProcess | undefined;
let stopping = false;

/** Spawns the classifier and resolves with its pid and the time from spawn to RUNNING. */
function startClassifier(): Promise<{ pid: number; startToRunningMs: number }> {
  return new Promise((resolve, reject) => {
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [...start.nodeArgs, path.join(artifactDir, 'main.js')], {
      cwd: artifactDir,
      env: {
        ...process.env,
        [CORE_HOST_START_ENV]: undefined,
        SVCUID: server.tokens.issue(CLASSIFIER),
        AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT: server.socketPath,
        MODELS_DIR: path.join(artifactDir, 'models'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    classifier = child;
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    const timer = setTimeout(() => fail(new Error('no RUNNING in time')), STARTUP_TIMEOUT_MS);
    const stopListening = server.onStateReported((component, state) => {
      if (component !== CLASSIFIER || state !== 'RUNNING') return;
      cleanup();
      resolve({ pid: child.pid as number, startToRunningMs: performance.now() - spawnedAt });
    });
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      if (!stopping && classifier === child) send({ type: 'classifier-exit', code, signal });
      fail(new Error(`the classifier exited before RUNNING (code ${code}, signal ${signal}):\n${logTail()}`));
    };
    child.once('exit', onExit);
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

/** The classifier's last log lines, for a failure message. */
function logTail(lines = 15): string {
  try {
    return readFileSync(logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch (error) {
    return `(no log: ${(error as Error).message})`;
  }
}

function stopClassifier(): Promise<void> {
  const child = classifier;
  classifier = undefined;
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

async function handle(command: CoreHostCommand): Promise<void> {
  try {
    if (command.type === 'start-classifier') {
      await stopClassifier();
      send({ type: 'classifier-running', ...(await startClassifier()) });
    } else {
      stopping = true;
      await stopClassifier();
      await server.close();
      log.end();
      send({ type: 'stopped' });
      process.disconnect();
    }
  } catch (error) {
    send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

process.on('message', (command: CoreHostCommand) => void handle(command));
send({ type: 'ready', socketPath: server.socketPath, clientToken: server.tokens.issue(BENCH_CLIENT) });
