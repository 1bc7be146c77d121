// A classifier whose ModelCard names a model component not installed yet (the two deployed
// together, installs unordered): it waits for the card instead of failing towards BROKEN, takes
// requests meanwhile, and answers them with the model once the component's link appears.
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startHarness } from '../emulator/helpers/ipc-harness.ts';
import type { NodeComponent } from '../helpers/node-component.ts';
import { connectTestClient, launchClassifier, MODELS_DIR } from './helpers/classifier-rig.ts';

const COMPONENT = 'com.example.LateModel';
let harness: Harness;
let classifier: NodeComponent;
let workDir: string;

beforeAll(async () => {
  harness = await startHarness();
  workDir = await mkdtemp(path.join(tmpdir(), 'late-model-'));
});
afterAll(async () => {
  await classifier?.stop();
  await harness?.close();
  await rm(workDir, { recursive: true, force: true });
});

it('waits for a model component card that appears after it starts, then answers', async () => {
  const launched = await launchClassifier(
    harness,
    { ModelCard: `component:${COMPONENT}`, ImageRoots: [path.join(MODELS_DIR, 'files')] },
    { MODEL_COMPONENTS_DIR: workDir },
  );
  classifier = launched.classifier;
  await classifier.waitFor(
    (line) => line.msg === 'model card not there yet (its model component installing?); waiting for it',
  );
  const { replies, send } = await connectTestClient(harness);
  await send({ json: { id: 'early', image: { path: path.join(MODELS_DIR, 'files', 'pelican.jpeg') } } });
  // What the model component's install step does: its unpacked folder, then the link.
  const version = path.join(workDir, 'artifacts', '1.0.0', 'model');
  await mkdir(path.join(version, 'files'), { recursive: true });
  await cp(path.join(MODELS_DIR, 'mobilenetv2-12-int8.json'), path.join(version, 'card.json'));
  for (const file of ['mobilenetv2-12-int8.onnx', 'synset.txt'])
    await cp(path.join(MODELS_DIR, 'files', file), path.join(version, 'files', file));
  await mkdir(path.join(workDir, COMPONENT), { recursive: true });
  await symlink(version, path.join(workDir, COMPONENT, 'model'));
  await launched.running;
  expect(await replies.waitFor('early')).toMatchObject({ status: 'ok', label: 'pelican' });
  expect(classifier.lines.filter((line) => line.level === 'error')).toEqual([]);
}, 60_000);
