// `npm run model` as a user runs it: from an exported .onnx file and a labels file to a card that
// classifies (init, check), and to a model component (package). The models are the derived test
// models (scripts/model/derive-test-models.ts).
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import yauzl from 'yauzl';
import { type DerivedModel, deriveTestModels } from '../../scripts/model/derive-test-models.ts';
import { declaredImageInput } from '../../scripts/model/image-metadata.ts';
import { REPO_ROOT } from '../helpers/node-component.ts';

const MAIN = path.join(REPO_ROOT, 'scripts/model/main.ts');
const PELICAN = path.join(REPO_ROOT, 'models/files/pelican.jpeg');
const TIMEOUT_MS = 60_000;

let dir: string;
let derived: DerivedModel[];

async function model(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', MAIN, ...args],
      // As `npm run model` runs it: in the project's folder, the user's own folder in INIT_CWD.
      { cwd: REPO_ROOT, env: { ...process.env, INIT_CWD: dir } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** Writes a derived model's .onnx and labels as an exporter would leave them. */
async function exported(name: string): Promise<{ onnx: string; labels: string }> {
  const found = derived.find((entry) => entry.name === name) as DerivedModel;
  const onnx = path.join(dir, `${name}.onnx`);
  const labels = path.join(dir, found.card.labels.format === 'json-array' ? `${name}.json` : `${name}.txt`);
  await writeFile(onnx, found.onnx);
  await writeFile(labels, found.labels);
  return { onnx, labels };
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'model-cli-'));
  derived = deriveTestModels(
    await readFile(path.join(REPO_ROOT, 'models/files/mobilenetv2-12-int8.onnx')),
    await readFile(path.join(REPO_ROOT, 'models/files/synset.txt'), 'utf8'),
  );
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe('npm run model', () => {
  it('init lists what the model cannot say, then writes a card that check loads and classifies with', {
    timeout: TIMEOUT_MS,
  }, async () => {
    const { onnx, labels } = await exported('test-keras5');
    const untold = await model(['init', onnx, '--labels', labels]);
    expect(untold.code).toBe(2);
    expect(untold.stdout).toContain('from a probe run: output kind probabilities');
    expect(untold.stderr).toMatch(/resize .*\n.*pixel range .*\n.*channel order /);

    const told = await model([
      'init',
      onnx,
      '--labels',
      labels,
      '--preset',
      'teachable-machine',
      '--name',
      'flowers',
    ]);
    expect(told.code, told.stderr).toBe(0);
    const cardPath = path.join(dir, 'flowers', 'flowers.json');
    expect(JSON.parse(await readFile(cardPath, 'utf8'))).toMatchObject({
      name: 'flowers',
      input: { name: 'input_1', layout: 'NHWC', dtype: 'float32', height: 224, width: 224 },
      output: { name: 'dense', kind: 'probabilities', classes: 5 },
      preprocessing: {
        resize: 'short-side-crop',
        resizeShortSide: 224,
        pixelRange: '-1..1',
        channelOrder: 'RGB',
      },
      labels: { format: 'lines' },
    });
    const checked = await model(['check', cardPath, PELICAN]);
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/pelican\.jpeg: pelican \d+\.\d% \(\d+ ms\)/);
  });

  it('init takes channel order and pixel range from the model metadata where it declares them', {
    timeout: TIMEOUT_MS,
  }, async () => {
    const { onnx, labels } = await exported('test-azure-bgr');
    const run = await model([
      'init',
      onnx,
      '--labels',
      labels,
      '--resize',
      'stretch',
      '--out',
      path.join(dir, 'azure'),
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      "from the model's metadata: Image.BitmapPixelFormat Bgr8, Image.NominalPixelRange NominalRange_0_255",
    );
    const card = JSON.parse(await readFile(path.join(dir, 'azure', 'test-azure-bgr.json'), 'utf8'));
    expect(card.preprocessing).toMatchObject({ channelOrder: 'BGR', pixelRange: '0..255' });
    expect(card.labels.format).toBe('json-array');
  });

  it('check and package refuse a card its model contradicts, in words', { timeout: TIMEOUT_MS }, async () => {
    const cardPath = path.join(dir, 'flowers', 'flowers.json');
    const card = JSON.parse(await readFile(cardPath, 'utf8'));
    const wrong = path.join(dir, 'flowers', 'wrong.json');
    await writeFile(wrong, JSON.stringify({ ...card, input: { ...card.input, layout: 'NCHW' } }));
    const run = await model(['check', wrong]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'input.layout: the card says NCHW, the model\'s input "input_1" (float32 [N, 224, 224, 3]) is NHWC (3 channels last)',
    );
    const packaged = await model(['package', wrong, '--version', '1.0.0']);
    expect(packaged.code).toBe(1);
    expect(packaged.stderr).toContain('input.layout: the card says NCHW');
  });

  it('package builds a model component: recipe and a zip holding the card and its files', {
    timeout: TIMEOUT_MS,
  }, async () => {
    const run = await model(['package', path.join(dir, 'flowers', 'flowers.json'), '--version', '1.4.0']);
    expect(run.code, run.stderr).toBe(0);
    const recipe = parse(
      await readFile(path.join(dir, 'model-components/recipes/com.custom.model.flowers-1.4.0.yaml'), 'utf8'),
    );
    expect(recipe).toMatchObject({ ComponentName: 'com.custom.model.flowers', ComponentVersion: '1.4.0' });
    const zip = path.join(dir, 'model-components/artifacts/com.custom.model.flowers/1.4.0/model.zip');
    const names = await new Promise<string[]>((resolve, reject) =>
      yauzl.open(zip, { lazyEntries: false }, (error, file) => {
        if (error || !file) return reject(error);
        const found: string[] = [];
        file.on('entry', (entry: yauzl.Entry) => found.push(entry.fileName));
        file.on('end', () => resolve(found.sort()));
      }),
    );
    expect(names).toEqual(['card.json', 'files/', 'files/test-keras5.onnx', 'files/test-keras5.txt']);
  });
});

describe('declaredImageInput', () => {
  it('reads ONNX image metadata keys and ignores others', () => {
    expect(
      declaredImageInput([
        { key: 'Image.BitmapPixelFormat', value: 'Rgb8' },
        { key: 'Image.NominalPixelRange', value: 'Normalized_1_1' },
        { key: 'CustomVision.Domain', value: 'General' },
      ]),
    ).toEqual({
      channelOrder: 'RGB',
      pixelRange: '-1..1',
      evidence: ['Image.BitmapPixelFormat Rgb8', 'Image.NominalPixelRange Normalized_1_1'],
    });
    expect(declaredImageInput([{ key: 'Image.BitmapPixelFormat', value: 'Gray8' }])).toEqual({
      evidence: [],
    });
  });
});
