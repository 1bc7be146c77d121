// At-least-once delivery from the requester to the classifier: the classifier is frozen while
// the requester sends, then killed with SIGKILL with every one of those requests in flight, and
// the core restarts it. Nothing can answer from a dead process, but the requester sends again
// what has no reply (same id) and the classifier answers each request once: every request ends
// in exactly one `result:` line, none in a timeout. Real build, real core, real lifecycle.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCore } from '../../emulator/core/core.ts';
import type { LocalCore } from '../../emulator/core/local-core.ts';
import { findLeftoverProcesses } from '../../emulator/lifecycle/leftover-processes.ts';
import { BUILD_DIR, componentBuildState } from '../helpers/component-build.ts';
import { readLines, waitForLogLine, waitForLogLines } from '../helpers/log-file.ts';

const CLASSIFIER = 'com.custom.ImageClassifier';
const REQUESTER = 'com.custom.requester';
const REQUESTS = 50;
const GUARD_MS = 90_000;

let root: string;
let core: LocalCore;

beforeAll(async () => {
  const build = componentBuildState();
  if (!build.fresh) throw new Error(`greengrass-build/ is not usable (${build.reason}): run npm run build`);
  root = fs.mkdtempSync('/tmp/ggx-');
  core = await startCore({ root, stopGraceMs: 2_000 });
});

afterAll(async () => {
  await core?.close();
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
});

/** The classifier's own node process (its run step execs node). */
function classifierPid(): number {
  const found = findLeftoverProcesses(core.socketPath).find(({ pid }) =>
    fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes('classifier-linux-x64/main.js'),
  );
  if (found === undefined) throw new Error('no classifier process');
  return found.pid;
}

it(
  `answers all ${REQUESTS} requests in flight when the classifier is killed, each exactly once`,
  async () => {
    const logs = core.paths.logs;
    const requesterLog = path.join(logs, `${REQUESTER}.log`);
    const record = core.deploy({
      recipeDir: path.join(BUILD_DIR, 'recipes'),
      artifactDir: path.join(BUILD_DIR, 'artifacts'),
      merge: { [CLASSIFIER]: '1.0.0', [REQUESTER]: '1.0.0' },
      updateConfig: {
        [REQUESTER]: {
          MERGE: { IntervalMs: 1000, Count: REQUESTS, ReplyTimeoutMs: 60_000, StartupRetryMs: 500 },
        },
      },
    });
    expect((await core.deploymentSettled(record.id)).status).toBe('SUCCEEDED');
    await waitForLogLine(requesterLog, /"msg":"result: /, GUARD_MS);

    // Freeze the classifier, let the requester send the rest quickly, then kill it.
    const first = classifierPid();
    process.kill(first, 'SIGSTOP');
    core.ipc.configuration.merge(REQUESTER, [], { IntervalMs: 10 }, Date.now());
    await waitForLogLines(requesterLog, /"msg":"request: \{/, REQUESTS, GUARD_MS);
    const answeredBefore = readLines(requesterLog).filter((line) => /"msg":"result: /.test(line)).length;
    process.kill(first, 'SIGKILL');

    await core.waitForState(REQUESTER, 'FINISHED', GUARD_MS);
    expect(classifierPid()).not.toBe(first); // the core restarted it

    const outcomes = new Map<string, string[]>();
    for (const line of readLines(requesterLog)) {
      const match = /"id":"(req-[^"]+)".*"msg":"(result|timeout)[: ]/.exec(line);
      if (match)
        outcomes.set(match[1] as string, [...(outcomes.get(match[1] as string) ?? []), match[2] as string]);
    }
    console.log(
      `classifier killed with ${REQUESTS - answeredBefore} requests in flight: ${[...outcomes.values()].filter((kinds) => kinds.join() === 'result').length} of ${REQUESTS} answered once`,
    );
    expect(outcomes.size).toBe(REQUESTS);
    expect([...outcomes].filter(([, kinds]) => kinds.join() !== 'result')).toEqual([]);
  },
  GUARD_MS * 2,
);
