// A classifier whose model cannot be loaded at start: one clear error line naming the file and
// the fix, exit code 1 (the nucleus marks it ERRORED and, after three, BROKEN), no stack trace,
// and it never reports RUNNING.
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from '../emulator/helpers/ipc-harness.ts';
import type { NodeComponent } from '../helpers/node-component.ts';
import { launchClassifier, MODELS_DIR } from './helpers/classifier-rig.ts';
import { seededBytes } from './helpers/image-fixtures.ts';

const CARD = 'mobilenetv2-12-int8';
const MODEL_FILE = 'mobilenetv2-12-int8.onnx';

let harness: Harness;
let directory: string;
const reportedRunning: string[] = [];

beforeAll(async () => {
  harness = await startHarness();
  harness.server.onStateReported((component, state) => reportedRunning.push(`${component}:${state}`));
  directory = await mkdtemp(path.join(tmpdir(), 'model-fault-'));
});
afterAll(async () => {
  await harness?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

/** A MODELS_DIR holding the real card and labels; `model` decides what the model file is. */
async function modelsDir(
  name: string,
  model: 'missing' | 'wrong bytes' | 'not ONNX, checksum matching',
): Promise<string> {
  const dir = path.join(directory, name);
  await mkdir(path.join(dir, 'files'), { recursive: true });
  const card = JSON.parse(await readFile(path.join(MODELS_DIR, `${CARD}.json`), 'utf8'));
  await copyFile(path.join(MODELS_DIR, 'files/synset.txt'), path.join(dir, 'files/synset.txt'));
  const garbage = seededBytes(4096, 42);
  if (model === 'wrong bytes') await writeFile(path.join(dir, 'files', MODEL_FILE), garbage);
  if (model === 'not ONNX, checksum matching') {
    await writeFile(path.join(dir, 'files', MODEL_FILE), garbage);
    card.model.sha256 = createHash('sha256').update(garbage).digest('hex');
    card.model.bytes = garbage.length;
  }
  await writeFile(path.join(dir, `${CARD}.json`), JSON.stringify(card));
  return dir;
}

const CASES = [
  [
    'the model file is missing',
    'missing',
    /mobilenetv2-12-int8\.onnx \(ENOENT\).*npm run assets/,
    'FILE_MISSING',
  ],
  [
    'the model file is corrupt',
    'wrong bytes',
    /mobilenetv2-12-int8\.onnx has sha256 [0-9a-f]{64}.*expected/,
    'FILE_CORRUPT',
  ],
  [
    'the model is not ONNX (checksum matching)',
    'not ONNX, checksum matching',
    /cannot start the ONNX session/,
    'SESSION_FAILED',
  ],
  [
    'the model card is missing',
    'no card',
    /cannot read model card .*mobilenetv2-12-int8\.json: ENOENT/,
    'CARD_UNREADABLE',
  ],
] as const;

describe('a model that cannot load', () => {
  const runs = new Map<string, Promise<{ component: NodeComponent; code: number | null }>>();
  beforeAll(async () => {
    for (const [name, model] of CASES) {
      const dir = model === 'no card' ? path.join(directory, 'empty') : await modelsDir(name, model);
      await mkdir(dir, { recursive: true });
      const { classifier } = await launchClassifier(harness, {}, { MODELS_DIR: dir });
      runs.set(
        name,
        classifier.exited.then(({ code }) => ({ component: classifier, code })),
      );
    }
  }, 60_000);

  it.each(CASES)(
    '%s: one clear error line with its own code, exit 1, no stack trace',
    async (name, _model, reason, errorCode) => {
      const run = runs.get(name);
      if (!run) throw new Error(`${name} did not start`);
      const { component, code } = await run;
      expect(code).toBe(1);
      const errors = component.lines.filter((line) => line.level === 'error' || line.level === 'fatal');
      expect(errors, component.tail()).toHaveLength(1);
      expect(errors[0]?.msg).toMatch(/^com\.custom\.ImageClassifier failed: /);
      expect(errors[0]?.msg).toMatch(reason);
      expect(errors[0]?.code).toBe(errorCode);
      const everything = [...component.lines.map((line) => JSON.stringify(line)), ...component.stderr];
      expect(everything.filter((text) => /\n\s+at |^\s+at |"stack"/.test(text))).toEqual([]);
      expect(component.stderr).toEqual([]);
    },
  );

  it('never reported RUNNING', async () => {
    await Promise.all(runs.values());
    expect(reportedRunning).toEqual([]);
  });
});
