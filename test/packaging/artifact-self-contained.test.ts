// The built x64 zips need nothing but Node: each is unpacked into an empty folder with no
// node_modules anywhere above it and run with a bare environment (no NODE_PATH, no tsx)
// against the local core's IPC server. The classifier answers pelican.jpeg with class 144 and
// the requester logs `result: pelican`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { unarchiveZip } from '../../emulator/deployment/unarchive-zip.ts';
import { type Harness, startHarness } from '../emulator/helpers/ipc-harness.ts';
import { BUILD_DIR, componentBuildState, REPO_ROOT } from '../helpers/component-build.ts';
import { CLASSIFIER, REQUESTER, recipeDefaults } from '../helpers/recipe-defaults.ts';
import { ReplyCollector } from '../helpers/reply-collector.ts';

/** Failure guard for a component's lines. */
const LINE_TIMEOUT_MS = 30_000;
const PHOTOS = path.join(REPO_ROOT, 'models/files');

let harness: Harness;
let unpacked: string;
const children: ReturnType<typeof spawn>[] = [];

function hasNodeModulesAbove(folder: string): boolean {
  for (let dir = path.dirname(folder); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'node_modules'))) return true;
    if (dir === path.dirname(dir)) return false;
  }
}

async function unpack(component: string, zip: string): Promise<string> {
  const destination = path.join(unpacked, zip.replace(/\.zip$/, ''));
  await unarchiveZip(path.join(BUILD_DIR, 'artifacts', component, '1.0.0', zip), destination, {
    fileMode: 0o644,
  });
  return destination;
}

/** Runs `node main.js` from the unpacked folder with only what a nucleus gives a component. */
function runUnpacked(
  folder: string,
  component: string,
  env: NodeJS.ProcessEnv,
): { lines: string[]; waitFor: (text: string) => Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['main.js'], {
    cwd: folder,
    env: {
      PATH: process.env.PATH,
      SVCUID: harness.server.tokens.issue(component),
      AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT: harness.server.socketPath,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const wake of [...waiters]) wake();
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const waitFor = (text: string) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no line with ${text}:\n${lines.slice(-10).join('\n')}`)),
        LINE_TIMEOUT_MS,
      );
      const check = () => {
        if (!lines.some((line) => line.includes(text))) return;
        clearTimeout(timer);
        waiters.splice(waiters.indexOf(check), 1);
        resolve();
      };
      waiters.push(check);
      check();
    });
  return { lines, waitFor, exited };
}

beforeAll(async () => {
  const build = componentBuildState();
  if (!build.fresh) throw new Error(`greengrass-build/ is not usable (${build.reason}): run npm run build`);
  harness = await startHarness();
  unpacked = fs.mkdtempSync('/tmp/ggz-');
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await harness?.close();
  fs.rmSync(unpacked, { recursive: true, force: true });
});

it('runs the unpacked x64 classifier and requester with nothing but Node', async () => {
  const classifierDir = await unpack(CLASSIFIER, 'classifier-linux-x64.zip');
  const requesterDir = await unpack(REQUESTER, 'requester-linux-x64.zip');
  expect(hasNodeModulesAbove(classifierDir)).toBe(false);

  harness.server.configuration.replace(CLASSIFIER, {
    ...(await recipeDefaults(CLASSIFIER)),
    ImageRoots: [PHOTOS, unpacked],
  });
  const classifier = runUnpacked(classifierDir, CLASSIFIER, {
    MODELS_DIR: path.join(classifierDir, 'models'),
  });
  await classifier.waitFor('"msg":"component running"');

  const client = await harness.connect(
    harness.addComponent('test.client', { publish: ['local/inference'], subscribe: ['local/result'] }),
  );
  const replies = await ReplyCollector.start(client);
  await client.publishToTopic({
    topic: 'local/inference',
    publishMessage: {
      jsonMessage: { message: { id: 'unpacked', image: { path: path.join(PHOTOS, 'pelican.jpeg') } } },
    },
  });
  expect(await replies.waitFor('unpacked')).toMatchObject({ status: 'ok', index: 144, label: 'pelican' });

  harness.server.configuration.replace(REQUESTER, { ...(await recipeDefaults(REQUESTER)), Count: 1 });
  const requester = runUnpacked(requesterDir, REQUESTER, {
    DEFAULT_IMAGE_DIRECTORY: path.join(requesterDir, 'images'),
  });
  await requester.waitFor('"msg":"result: pelican"');
  expect(await requester.exited).toBe(0);
}, 90_000);
