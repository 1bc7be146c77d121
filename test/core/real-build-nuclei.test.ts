// The real build on both nucleus flavours, on a device with no Node.js of its own: the core's
// components get a PATH that holds only `sh` (which runs every step) and `ln` (what the
// lifecycle scripts use besides shell builtins), so the classifier and the requester can only run on com.custom.NodeRuntime's node.
// The lite flavour deploys the unpacked build (its local deployments do not unarchive), and
// after its IPC server restarts (every token forgotten, as when ggipcd restarts) the components
// must be answering again within seconds, not after the 120 s reconnection budget.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCore } from '../../emulator/core/core.ts';
import type { LocalCore } from '../../emulator/core/local-core.ts';
import type { NucleusFlavour } from '../../emulator/platform/nucleus-flavour.ts';
import { UNPACKED_FOLDER } from '../../scripts/build/build.ts';
import { NODE_RUNTIME } from '../../scripts/build/node-runtime.ts';
import { BUILD_DIR, componentBuildState } from '../helpers/component-build.ts';
import { readLines, waitForLogLine, waitForLogLines } from '../helpers/log-file.ts';

const CLASSIFIER = 'com.custom.ImageClassifier';
const REQUESTER = 'com.custom.requester';
/** Failure guards: Node.js 24 starts, the model loads, the requester retries until answered. */
const RESULT_TIMEOUT_MS = 60_000;
const TEST_TIMEOUT_MS = 120_000;
/** Failure guard for the recovery after an IPC restart (it took 120 s before components exited on refusal). */
const RECOVERY_GUARD_MS = 30_000;

const resultLine = /stdout\. .*"msg":"result: pelican"/;

describe.each(['classic', 'lite'] as const)(
  'the real build on the %s flavour, no node on PATH',
  (nucleus: NucleusFlavour) => {
    let root: string;
    let core: LocalCore;

    beforeAll(async () => {
      const build = componentBuildState();
      if (!build.fresh)
        throw new Error(`greengrass-build/ is not usable (${build.reason}): run npm run build`);
      root = fs.mkdtempSync('/tmp/ggn-');
      const bin = path.join(root, 'bin');
      fs.mkdirSync(bin);
      for (const tool of ['sh', 'ln']) fs.symlinkSync(`/bin/${tool}`, path.join(bin, tool));
      core = await startCore({ root, nucleus, stopGraceMs: 3_000, env: { ...process.env, PATH: bin } });
    });

    afterAll(async () => {
      await core?.close();
      if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
    });

    it(
      'answers pelican, each component saying at start that it runs on the runtime component’s Node.js',
      async () => {
        const record = core.deploy({
          recipeDir: path.join(BUILD_DIR, 'recipes'),
          artifactDir: path.join(BUILD_DIR, nucleus === 'lite' ? UNPACKED_FOLDER : 'artifacts'),
          merge: { [CLASSIFIER]: '1.0.0', [REQUESTER]: '1.0.0' },
          updateConfig: { [REQUESTER]: { MERGE: { IntervalMs: 250, Images: ['pelican.jpeg'] } } },
        });
        const settled = await core.deploymentSettled(record.id);
        expect(settled.status, JSON.stringify(settled.failure)).toBe('SUCCEEDED');
        const logs = core.paths.logs;
        await waitForLogLine(path.join(logs, `${REQUESTER}.log`), resultLine, RESULT_TIMEOUT_MS);
        const node = `Node.js v${NODE_RUNTIME.nodeVersion}, linux-x64`;
        const classifierStart = readLines(path.join(logs, `${CLASSIFIER}.log`)).find((line) =>
          line.includes(`${CLASSIFIER} 1.0.0 starting on`),
        );
        expect(classifierStart).toContain(
          `${CLASSIFIER} 1.0.0 starting on ${node} (model mobilenetv2-12-int8)`,
        );
        const requesterStart = readLines(path.join(logs, `${REQUESTER}.log`)).find((line) =>
          line.includes(`${REQUESTER} 1.0.0 starting on`),
        );
        expect(requesterStart).toContain(node);
        expect(process.version).not.toBe(`v${NODE_RUNTIME.nodeVersion}`); // the test's own node is another
        // Run steps are RUNNING when they start: the components do not report it again (the
        // classic nucleus logs a WARN for that).
        expect(
          readLines(path.join(logs, 'greengrass.log')).filter((line) =>
            line.includes('service-invalid-state-error'),
          ),
        ).toEqual([]);
      },
      TEST_TIMEOUT_MS,
    );

    it.runIf(nucleus === 'lite')(
      'after an IPC server restart that forgets every token, answers again within seconds',
      async () => {
        const logs = core.paths.logs;
        const requesterLog = path.join(logs, `${REQUESTER}.log`);
        const before = readLines(requesterLog).filter((line) => resultLine.test(line)).length;
        const restartedAt = Date.now();
        await core.restartIpcServer();
        // The requester's next result after the restart, once both components came back.
        const [, after] = await Promise.all([
          waitForLogLine(
            path.join(logs, `${CLASSIFIER}.log`),
            /IPC_AUTH_REFUSED|refused this component's IPC token/,
            RECOVERY_GUARD_MS,
          ),
          waitForLogLines(requesterLog, resultLine, before + 1, RECOVERY_GUARD_MS),
        ]);
        const recoveredAt = Date.parse((after.at(-1) ?? '').slice(0, 24));
        const outageMs = recoveredAt - restartedAt;
        console.log(`IPC restart on the lite flavour: first result again after ${outageMs} ms`);
        expect(outageMs).toBeGreaterThan(0);
        expect(core.component(CLASSIFIER)?.state).toBe('RUNNING');
      },
      TEST_TIMEOUT_MS,
    );
  },
);
