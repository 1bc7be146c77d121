// A model deployed as its own component and swapped by a new version of that component, on a
// core started from the command line with the real classifier build: `npm run model -- package`
// builds two versions of com.custom.model.Test (a five-class model, then a Keras-style one),
// the classifier's ModelCard is `component:com.custom.model.Test`, and deploying version 2.0.0
// re-points the component's model link; the running classifier notices (ModelCardPollInterval)
// and answers with the new model, without the nucleus stopping or restarting it.
// greengrass-build/ comes from the global setup (test/helpers/component-build.ts).
import fs from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Reply, replySchema } from '../../components/contract/index.ts';
import { deriveTestModels } from '../../scripts/model/derive-test-models.ts';
import { packageModelComponent } from '../../scripts/model/package-model.ts';
import { writeModelFolder } from '../../scripts/model/write-model-folder.ts';
import { CliProcess, REPO_ROOT, runCli } from '../helpers/cli-process.ts';
import { componentBuildState } from '../helpers/component-build.ts';
import { readLines } from '../helpers/log-file.ts';

const CLASSIFIER = 'com.custom.ImageClassifier';
const MODEL = 'com.custom.model.Test';
const PHOTOS = path.join(REPO_ROOT, 'models/files');
const DEPLOYMENT_TIMEOUT_MS = 60_000;
const REPLY_TIMEOUT_MS = 30_000;

let root: string;
let core: CliProcess;
let replies: CliProcess;
let models: string;
let seq = 0;

beforeAll(async () => {
  const build = componentBuildState();
  if (!build.fresh) throw new Error(`greengrass-build/ is not usable (${build.reason}): run npm run build`);
  root = fs.mkdtempSync('/tmp/ggm-');
  models = path.join(root, 'model-components');
  const derived = deriveTestModels(
    await readFile(path.join(PHOTOS, 'mobilenetv2-12-int8.onnx')),
    await readFile(path.join(PHOTOS, 'synset.txt'), 'utf8'),
  );
  for (const [name, version] of [
    ['test-subset5', '1.0.0'],
    ['test-keras5', '2.0.0'],
  ] as const) {
    const model = derived.find((entry) => entry.name === name);
    if (!model) throw new Error(`no derived model ${name}`);
    const card = await writeModelFolder(path.join(root, 'cards', name), {
      card: model.card,
      modelFile: `${name}.onnx`,
      modelBytes: model.onnx,
      labelsFile: 'labels.txt',
      labelsBytes: Buffer.from(model.labels),
    });
    await packageModelComponent({ card, version, componentName: MODEL, out: models, unpacked: false });
  }
  core = new CliProcess(['start', '--root', root]);
  await core.waitForLine(/^ {2}IPC socket: /);
  replies = new CliProcess(['pubsub', 'sub', '--topic', 'local/result', '--root', root]);
}, 60_000);

afterAll(async () => {
  await replies?.stop();
  await core?.stop();
  if (root !== undefined) fs.rmSync(root, { recursive: true, force: true });
});

async function deploy(args: string[]): Promise<void> {
  const created = await runCli(['deployment', 'create', ...args, '--root', root]);
  expect(created.code, created.stderr).toBe(0);
  const id = /Deployment Id: (\S+)$/m.exec(created.stdout)?.[1] as string;
  const deadline = Date.now() + DEPLOYMENT_TIMEOUT_MS;
  for (;;) {
    const status = await runCli(['deployment', 'status', '-i', id, '--root', root]);
    if (status.stdout.includes(`${id}: SUCCEEDED`)) return;
    if (/: (FAILED|CANCELED)/.test(status.stdout) || Date.now() > deadline)
      throw new Error(`deployment ${id}: ${status.stdout}${status.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function classifyPelican(): Promise<Extract<Reply, { status: 'ok' }>> {
  const id = `swap-${++seq}`;
  const request = JSON.stringify({ id, image: { path: path.join(PHOTOS, 'pelican.jpeg') } });
  const sent = await runCli(['pubsub', 'pub', '-t', 'local/inference', '-m', request, '--root', root]);
  expect(sent.code, sent.stderr).toBe(0);
  const line = await replies.waitForLine(new RegExp(`"id":"${id}"`), REPLY_TIMEOUT_MS);
  const reply = replySchema.parse(JSON.parse(line.slice(line.indexOf('{'))));
  if (reply.status !== 'ok') throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply;
}

/** A local deployment of one version of the model component. */
const deployModel = (version: string): Promise<void> =>
  deploy([
    '--recipeDir',
    path.join(models, 'recipes'),
    '--artifactDir',
    path.join(models, 'artifacts'),
    '--merge',
    `${MODEL}=${version}`,
  ]);

it('swaps the model when a new model-component version is deployed, without restarting the classifier', async () => {
  await deployModel('1.0.0');
  await deploy([
    '--recipeDir',
    'greengrass-build/recipes',
    '--artifactDir',
    'greengrass-build/artifacts',
    '--merge',
    `${CLASSIFIER}=1.0.0`,
    '--update-config',
    JSON.stringify({
      [CLASSIFIER]: {
        MERGE: { ModelCard: `component:${MODEL}`, ModelCardPollInterval: 0.5, ImageRoots: [PHOTOS] },
      },
    }),
  ]);
  const before = await classifyPelican();
  expect(before).toMatchObject({ label: 'pelican', index: 1, model: { name: 'test-subset5' } });

  await deployModel('2.0.0');
  const logs = path.join(root, 'logs');
  const deadline = Date.now() + REPLY_TIMEOUT_MS;
  let after = await classifyPelican();
  while (after.model.name !== 'test-keras5' && Date.now() < deadline) after = await classifyPelican();
  expect(after).toMatchObject({ label: 'pelican', index: 1, model: { name: 'test-keras5' } });
  expect(after.model.sha256).not.toBe(before.model.sha256);

  const classifierLog = readLines(path.join(logs, `${CLASSIFIER}.log`));
  expect(
    classifierLog.filter((line) => line.includes('model card changed; new model in force')),
  ).toHaveLength(1);
  // The nucleus never stopped the classifier: one run, one start of its lifecycle.
  const greengrass = readLines(path.join(logs, 'greengrass.log'));
  const classifierStates = greengrass.filter((line) =>
    line.includes(`service-set-state. {serviceName=${CLASSIFIER},`),
  );
  expect(classifierStates.filter((line) => line.includes('newState=RUNNING'))).toHaveLength(1);
  expect(classifierStates.filter((line) => line.includes('newState=STOPPING'))).toEqual([]);
}, 180_000);
