// The real build output deploys unchanged on a core started from the command line: exactly the
// user's `npm run emulator -- start` and `deployment create --recipeDir greengrass-build/recipes
// --artifactDir greengrass-build/artifacts --merge ...`, and both real components run: the
// requester's log gets `result: pelican`. SIGTERM then stops the core cleanly.
// greengrass-build/ comes from the global setup (test/helpers/component-build.ts).

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { replySchema } from '../../components/contract/index.ts';
import { CliProcess, runCli } from '../helpers/cli-process.ts';
import { componentBuildState } from '../helpers/component-build.ts';
import { readLines, waitForLogLine } from '../helpers/log-file.ts';

const CLASSIFIER = 'com.custom.ImageClassifier';
const REQUESTER = 'com.custom.requester';
/** Failure guards: the classifier loads its model and the requester retries until it answers. */
const RESULT_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 120_000;

let root: string;
let core: CliProcess;

beforeAll(async () => {
  const build = componentBuildState();
  if (!build.fresh) throw new Error(`greengrass-build/ is not usable (${build.reason}): run npm run build`);
  root = fs.mkdtempSync('/tmp/ggr-');
  core = new CliProcess(['start', '--root', root]);
  await core.waitForLine(/^ {2}IPC socket: /);
});

afterAll(async () => {
  await core?.stop();
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
});

it(
  'runs both real components from greengrass-build and stops them on SIGTERM',
  async () => {
    const created = await runCli([
      'deployment',
      'create',
      '--recipeDir',
      'greengrass-build/recipes',
      '--artifactDir',
      'greengrass-build/artifacts',
      '--merge',
      `${CLASSIFIER}=1.0.0`,
      '--merge',
      `${REQUESTER}=1.0.0`,
      // A request every 250 ms of the pelican only: a reply comes soon after the classifier is up.
      '--update-config',
      JSON.stringify({ [REQUESTER]: { MERGE: { IntervalMs: 250, Images: ['pelican.jpeg'] } } }),
      '--root',
      root,
    ]);
    expect(created.code, created.stderr).toBe(0);
    // What a user watching `greengrass-cli pubsub sub -t local/result` sees: contract replies.
    const watcher = new CliProcess(['pubsub', 'sub', '--topic', 'local/result', '--root', root]);
    const id = /^Local deployment submitted! Deployment Id: (\S+)$/m.exec(created.stdout)?.[1] as string;

    const logs = path.join(root, 'logs');
    const result = waitForLogLine(
      path.join(logs, `${REQUESTER}.log`),
      /^\S+Z \[INFO\] \(Copier\) com\.custom\.requester: stdout\. .*result: pelican.*\{scriptName=services\.com\.custom\.requester\.lifecycle\.run, serviceName=com\.custom\.requester, currentState=RUNNING\}$/,
      RESULT_TIMEOUT_MS,
    );
    // Fail at once, with the reason, when either component gives up instead of waiting for the guard.
    const stopWatching = new AbortController();
    const broken = waitForLogLine(
      path.join(logs, 'greengrass.log'),
      /service-set-state\. \{serviceName=com\.custom\.\w+, currentState=\w+, newState=BROKEN\}$/,
      RESULT_TIMEOUT_MS,
      stopWatching.signal,
    ).then((line) => {
      const name = /serviceName=([\w.]+)/.exec(line)?.[1] as string;
      const tail = readLines(path.join(logs, `${name}.log`))
        .slice(-5)
        .join('\n');
      throw new Error(`${name} ended BROKEN; the end of its log:\n${tail}`);
    });
    broken.catch(() => undefined); // its rejection matters only in the race below
    try {
      await Promise.race([result, broken]);
    } finally {
      stopWatching.abort();
    }

    const printed = await watcher.waitForLine(/"status":"ok"/, RESULT_TIMEOUT_MS);
    await watcher.stop();
    const reply = replySchema.parse(JSON.parse(printed.slice(printed.indexOf('{'))));
    expect(reply).toMatchObject({ status: 'ok', label: 'pelican', index: 144 });
    const classifierLog = readLines(path.join(logs, `${CLASSIFIER}.log`));
    expect(
      classifierLog.some((line) => line.includes('"msg":"request"') && line.includes('pelican.jpeg')),
    ).toBe(true);

    const status = await runCli(['deployment', 'status', '-i', id, '--root', root]);
    expect(status.stdout).toMatch(new RegExp(`^${id}: SUCCEEDED$`, 'm'));
    const listed = await runCli(['component', 'list', '--root', root]);
    for (const name of [CLASSIFIER, REQUESTER])
      expect(listed.stdout).toContain(`Component Name: ${name}\n    Version: 1.0.0\n    State: RUNNING\n`);

    core.signal('SIGTERM');
    expect(await core.exited).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(path.join(root, 'ipc.socket'))).toBe(false);
    const greengrass = readLines(path.join(logs, 'greengrass.log'));
    for (const name of [CLASSIFIER, REQUESTER]) {
      expect(greengrass).toContainEqual(
        expect.stringContaining(
          `service-set-state. {serviceName=${name}, currentState=STOPPING, newState=FINISHED}`,
        ),
      );
    }
    expect(greengrass.at(-1)).toMatch(/core-stopped\. Local Greengrass core stopped\./);
  },
  TEST_TIMEOUT_MS,
);
