// The classifier run by the core's own lifecycle pieces (ServiceManager, nucleus-format logs)
// against the IPC server, wired as startCore will wire them: a stop mid-load ends FINISHED (not
// ERRORED) with every reply sent, and a model that cannot load makes the component ERRORED and,
// after three tries, BROKEN, with one clear line per try and no stack trace in its log.
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_NUCLEUS_VERSION } from '../../emulator/lifecycle/core-environment.ts';
import type { LogEvent } from '../../emulator/logs/core-logger.ts';
import { type Harness as IpcHarness, startHarness } from '../emulator/helpers/ipc-harness.ts';
import { type Harness as CoreHarness, createHarness, spec, transitions } from '../helpers/core-harness.ts';
import { REPO_ROOT } from '../helpers/node-component.ts';
import { CLASSIFIER, recipeDefaults } from '../helpers/recipe-defaults.ts';
import { connectTestClient, MODELS_DIR } from './helpers/classifier-rig.ts';

const PHOTOS = path.join(REPO_ROOT, 'models/files');
const TSX = fileURLToPath(import.meta.resolve('tsx'));
const MAIN = path.join(REPO_ROOT, 'components/classifier/main.ts');

let ipc: IpcHarness | undefined;
let core: CoreHarness | undefined;
let scratch: string | undefined;
afterEach(async () => {
  await core?.close();
  core?.dispose();
  await ipc?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
  core = ipc = scratch = undefined;
});

/** The IPC server and a ServiceManager whose components reach it (the startCore wiring). */
async function startCoreParts(): Promise<{ ipc: IpcHarness; core: CoreHarness }> {
  ipc = await startHarness();
  const server = ipc.server;
  core = createHarness({
    tokens: server.tokens,
    core: {
      ipcSocketPath: server.socketPath,
      region: 'eu-west-1',
      thingName: 'ReliabilityCore',
      rootCaPath: '',
      nucleusVersion: DEFAULT_NUCLEUS_VERSION,
    },
  });
  const manager = core.manager;
  server.onStateReported((component, state) => manager.reportState(component, state));
  server.configuration.replace(CLASSIFIER, { ...(await recipeDefaults(CLASSIFIER)), ImageRoots: [PHOTOS] });
  return { ipc, core };
}

/** The recipe's Run step, with the component from source instead of the built main.js. */
const classifierSpec = (modelsDir: string) =>
  spec(CLASSIFIER, '1.0.0', {
    Setenv: { MODELS_DIR: modelsDir },
    Run: `exec '${process.execPath}' --import '${TSX}' '${MAIN}'`,
  });

/** The component's stdout lines (pino JSON) as the core logged them. */
function componentLines(events: readonly LogEvent[]): Array<{ level: string; msg: string }> {
  return events
    .filter((event) => event.event === 'stdout' && event.logger === CLASSIFIER)
    .map((event) => JSON.parse(event.message ?? '{}'));
}

describe('the classifier under the core lifecycle', () => {
  it('ends FINISHED, not ERRORED, when stopped mid-load, after answering every request', async () => {
    const { ipc, core } = await startCoreParts();
    const reportedRunning = new Promise<void>((resolve) =>
      ipc.server.onStateReported(
        (component, state) => component === CLASSIFIER && state === 'RUNNING' && resolve(),
      ),
    );
    await core.manager.apply({ components: [classifierSpec(MODELS_DIR)], removed: [] });
    await reportedRunning;
    const { replies, send } = await connectTestClient(ipc);

    const ids = Array.from({ length: 40 }, (_, index) => `stop-${index}`);
    await Promise.all(
      ids.map((id) => send({ json: { id, image: { path: path.join(PHOTOS, 'pelican.jpeg') } } })),
    );
    let received = 0;
    await core.waitForLog(
      (event) =>
        event.event === 'stdout' && /"msg":"request"/.test(event.message ?? '') && ++received === ids.length,
    );
    await core.manager.stop(CLASSIFIER);

    expect(core.manager.get(CLASSIFIER)?.state).toBe('FINISHED');
    const seen = transitions(core.events, CLASSIFIER);
    expect(seen.slice(-2)).toEqual(['RUNNING->STOPPING', 'STOPPING->FINISHED']);
    expect(seen.filter((step) => step.includes('ERRORED'))).toEqual([]);
    const stopped = core.events.find((event) => event.message === 'Shutdown completed for process');
    expect(stopped?.context?.endedBy).not.toBe('SIGKILL');
    await replies.waitForCount(ids.length);
    for (const id of ids) expect(replies.count(id), id).toBe(1);
    expect(componentLines(core.events).filter((line) => line.level === 'error')).toEqual([]);
    await core.close();
    expect(core.readLog('greengrass.log')).toMatch(/service-set-state.*newState=FINISHED/);
    expect(core.readLog('greengrass.log')).not.toMatch(/newState=ERRORED/);
  }, 60_000);

  it('is ERRORED, then BROKEN after three tries, for a missing model, with one line per try and no stack trace', async () => {
    const { core } = await startCoreParts();
    scratch = await mkdtemp(path.join(tmpdir(), 'lifecycle-model-'));
    await mkdir(path.join(scratch, 'files'));
    await copyFile(
      path.join(MODELS_DIR, 'mobilenetv2-12-int8.json'),
      path.join(scratch, 'mobilenetv2-12-int8.json'),
    );
    await copyFile(path.join(MODELS_DIR, 'files/synset.txt'), path.join(scratch, 'files/synset.txt'));
    await writeFile(path.join(scratch, 'files/README'), 'the model file is missing on purpose\n');

    await core.manager.apply({ components: [classifierSpec(scratch)], removed: [] });
    await core.manager.get(CLASSIFIER)?.waitForState((state) => state === 'BROKEN');

    const seen = transitions(core.events, CLASSIFIER);
    expect(seen.filter((step) => step === 'RUNNING->ERRORED')).toHaveLength(2);
    expect(seen.at(-1)).toBe('RUNNING->BROKEN');
    const exits = core.events.filter(
      (event) => event.message === 'Run script exited' && event.logger === CLASSIFIER,
    );
    expect(exits.map((event) => event.context?.exitCode)).toEqual([1, 1, 1]);
    const errors = componentLines(core.events).filter((line) => line.level === 'error');
    expect(errors).toHaveLength(3);
    for (const line of errors)
      expect(line.msg).toMatch(/failed: cannot read .*mobilenetv2-12-int8\.onnx \(ENOENT\)/);
    expect(core.events.filter((event) => event.event === 'stderr' && event.logger === CLASSIFIER)).toEqual(
      [],
    );
    await core.close();
    const componentLog = core.readLog(`${CLASSIFIER}.log`);
    expect(componentLog).not.toMatch(/^\s+at /m);
    expect(componentLog).not.toMatch(/"stack"/);
    expect(core.readLog('greengrass.log')).toMatch(/service-broken/);
    expect(await readFile(path.join(scratch, 'files/README'), 'utf8')).toContain('missing on purpose');
  }, 60_000);
});
