// Users' own models through the whole IPC path: each model derived from the shipped MobileNet
// (scripts/model/derive-test-models.ts: NHWC, uint8 with normalisation in the graph, softmax
// out, a five-class subset, a Keras-style and an Azure-style export) is swapped in by a live
// ModelCard update and must give the original model's top-1 on the 100 sample photos, with its
// own labels and its own name in the reply. A card its model contradicts is refused at load,
// in words, and the previous model keeps answering.
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../components/contract/index.ts';
import { type DerivedModel, deriveTestModels } from '../../scripts/model/derive-test-models.ts';
import { writeModelFolder } from '../../scripts/model/write-model-folder.ts';
import { type Harness, startHarness } from '../emulator/helpers/ipc-harness.ts';
import { type NodeComponent, REPO_ROOT } from '../helpers/node-component.ts';
import { CLASSIFIER } from '../helpers/recipe-defaults.ts';
import type { ReplyCollector } from '../helpers/reply-collector.ts';
import { connectTestClient, launchClassifier } from '../reliability/helpers/classifier-rig.ts';

const MODEL_FILES = path.join(REPO_ROOT, 'models/files');
const ORIGINAL_CARD = path.join(REPO_ROOT, 'models/mobilenetv2-12-int8.json');
const photosDir = process.env.ACCURACY_IMAGES;
/** Requests in flight at once (under the default MaxQueue). */
const IN_FLIGHT = 16;

let harness: Harness;
let classifier: NodeComponent;
let client: greengrasscoreipc.Client;
let replies: ReplyCollector;
let photos: string[];
let derived: DerivedModel[];
const cardPaths = new Map<string, string>();
let seq = 0;

async function configure(change: Record<string, unknown>): Promise<void> {
  const from = classifier.lines.length;
  harness.server.configuration.merge(CLASSIFIER, [], change as never, Date.now());
  await classifier.waitFor(
    (line) => line.msg === 'configuration applied' && classifier.lines.indexOf(line) >= from,
  );
}

async function classify(file: string): Promise<Extract<Reply, { status: 'ok' }>> {
  const id = `own-${++seq}`;
  await client.publishToTopic({
    topic: 'local/inference',
    publishMessage: { jsonMessage: { message: { id, image: { path: file } } } },
  });
  const reply = await replies.waitFor(id);
  if (reply.status !== 'ok') throw new Error(`${file}: ${reply.error.code} ${reply.error.message}`);
  return reply;
}

/** Every photo's reply, IN_FLIGHT at a time. */
async function classifyAll(): Promise<Extract<Reply, { status: 'ok' }>[]> {
  const results = new Array<Extract<Reply, { status: 'ok' }>>(photos.length);
  let next = 0;
  const lane = async () => {
    while (next < photos.length) {
      const at = next++;
      results[at] = await classify(path.join(photosDir as string, photos[at] as string));
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  return results;
}

describe.skipIf(!photosDir)('own models over IPC (ACCURACY_IMAGES photos)', () => {
  let original: Extract<Reply, { status: 'ok' }>[];

  beforeAll(async () => {
    harness = await startHarness();
    photos = (await readdir(photosDir as string)).filter((name) => /\.jpe?g$/i.test(name)).sort();
    derived = deriveTestModels(
      await readFile(path.join(MODEL_FILES, 'mobilenetv2-12-int8.onnx')),
      await readFile(path.join(MODEL_FILES, 'synset.txt'), 'utf8'),
    );
    for (const model of derived) {
      const cardPath = await writeModelFolder(path.join(harness.directory, 'models'), {
        card: model.card,
        modelFile: `${model.name}.onnx`,
        modelBytes: model.onnx,
        labelsFile: `${model.name}-labels.txt`,
        labelsBytes: Buffer.from(model.labels),
      });
      cardPaths.set(model.name, cardPath);
    }
    const launched = await launchClassifier(harness, {
      ImageRoots: [photosDir as string],
      ModelCard: ORIGINAL_CARD,
    });
    classifier = launched.classifier;
    const test = await connectTestClient(harness);
    client = test.client;
    replies = test.replies;
    await launched.running;
    original = await classifyAll();
  }, 120_000);

  afterAll(async () => {
    await classifier?.stop();
    await harness?.close();
  });

  it('the original answers under its own name', () => {
    expect(original).toHaveLength(100);
    expect(new Set(original.map((reply) => reply.model.name))).toEqual(new Set(['mobilenetv2-12-int8']));
  });

  it.each(['test-nhwc', 'test-uint8', 'test-softmax', 'test-azure-bgr', 'test-subset5', 'test-keras5'])(
    '%s gives the original top-1, with its own labels and name',
    async (name) => {
      const model = derived.find((entry) => entry.name === name) as DerivedModel;
      await configure({ ModelCard: cardPaths.get(name) });
      const answers = await classifyAll();
      const ownLabels = model.card.labels.format === 'json-array' ? JSON.parse(model.labels) : null;
      let compared = 0;
      for (const [at, reply] of answers.entries()) {
        expect(reply.model.name).toBe(name);
        const before = original[at] as (typeof original)[number];
        const expectedIndex = model.classMap.indexOf(before.index);
        // A subset model answers only for photos whose original top-1 is one of its classes.
        if (expectedIndex < 0) continue;
        compared++;
        expect({ photo: photos[at], index: reply.index }).toEqual({
          photo: photos[at],
          index: expectedIndex,
        });
        const label = ownLabels
          ? ownLabels[expectedIndex]
          : model.labels
              .split('\n')
              [expectedIndex]?.replace(/^n\d{8} /, '')
              .split(',')[0];
        expect(reply.label).toBe(label);
      }
      expect(compared).toBeGreaterThanOrEqual(model.classMap.length === 5 ? 2 : 100);
    },
    120_000,
  );

  it.each([
    [
      'input name',
      { input: { name: 'images' } },
      'input.name: the card says "images", the model\'s input is "input_1" (float32 [N, 224, 224, 3])',
    ],
    [
      'layout',
      { input: { layout: 'NCHW' } },
      'input.layout: the card says NCHW, the model\'s input "input_1" (float32 [N, 224, 224, 3]) is NHWC (3 channels last)',
    ],
    [
      'size',
      { input: { height: 299, width: 299 }, preprocessing: { resizeShortSide: 342 } },
      'input.height: the card says 299, the model\'s input "input_1" (float32 [N, 224, 224, 3]) is 224 high',
    ],
    [
      'class count',
      { output: { classes: 7 }, labels: 'seven' },
      'output.classes: the card says 7, the model\'s output "dense" (float32 [N, 5]) has 5',
    ],
  ])(
    'refuses a card whose %s its model contradicts, in words, and the previous model keeps answering',
    async (_, change, problem) => {
      await configure({ ModelCard: ORIGINAL_CARD });
      const goodPath = cardPaths.get('test-keras5') as string;
      const good = JSON.parse(await readFile(goodPath, 'utf8'));
      const { labels, ...sections } = change as Record<string, Record<string, unknown>> & { labels?: string };
      const contradicted: Record<string, unknown> = { ...good };
      for (const [key, fields] of Object.entries(sections)) contradicted[key] = { ...good[key], ...fields };
      if (labels) {
        // A label file as long as the card claims, so only the model can disagree.
        const text = Array.from({ length: 7 }, (_, index) => `class ${index}`).join('\n');
        await writeFile(path.join(path.dirname(goodPath), 'files', 'seven.txt'), text);
        contradicted.labels = {
          file: 'seven.txt',
          sha256: createHash('sha256').update(text).digest('hex'),
          format: 'lines',
        };
      }
      const badCard = path.join(path.dirname(goodPath), 'contradicted.json');
      await writeFile(badCard, JSON.stringify(contradicted));
      const from = classifier.lines.length;
      harness.server.configuration.merge(CLASSIFIER, [], { ModelCard: badCard } as never, Date.now());
      const refused = await classifier.waitFor(
        (line) =>
          line.msg ===
            'could not apply the configuration change; the previous configuration stays in force' &&
          classifier.lines.indexOf(line) >= from,
      );
      expect(refused.code).toBe('CARD_MISMATCH');
      expect(JSON.stringify(refused)).toContain(JSON.stringify(problem).slice(1, -1));
      const reply = await classify(path.join(photosDir as string, photos[13] as string));
      expect(reply.model.name).toBe('mobilenetv2-12-int8');
    },
    60_000,
  );

  it('watches its card: an edit its model contradicts is refused once, a good one swaps the model live', async () => {
    const watched = path.join(path.dirname(cardPaths.get('test-keras5') as string), 'watched.json');
    const subset5 = await readFile(cardPaths.get('test-subset5') as string, 'utf8');
    await writeFile(watched, await readFile(cardPaths.get('test-keras5') as string, 'utf8'));
    await configure({ ModelCard: watched, ModelCardPollInterval: 0.2 });
    const from = classifier.lines.length;
    const card = JSON.parse(subset5);
    await writeFile(watched, JSON.stringify({ ...card, input: { ...card.input, layout: 'NHWC' } }));
    const refused = await classifier.waitFor(
      (line) =>
        line.msg === 'model card changed but its model cannot be used; the previous model stays in force' &&
        classifier.lines.indexOf(line) >= from,
    );
    expect(refused.code).toBe('CARD_MISMATCH');
    expect((await classify(path.join(photosDir as string, photos[13] as string))).model.name).toBe(
      'test-keras5',
    );
    await writeFile(watched, subset5);
    await classifier.waitFor(
      (line) =>
        line.msg === 'model card changed; new model in force' && classifier.lines.indexOf(line) >= from,
    );
    expect((await classify(path.join(photosDir as string, photos[13] as string))).model.name).toBe(
      'test-subset5',
    );
    // Refused once: the watch does not retry the same contradicted card at every look.
    expect(classifier.lines.slice(from).filter((line) => line.msg === refused.msg)).toHaveLength(1);
    await configure({ ModelCard: ORIGINAL_CARD, ModelCardPollInterval: 5 });
  }, 60_000);
});
