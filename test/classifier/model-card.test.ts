import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectLabelFormat, parseLabels } from '../../components/classifier/model/labels.ts';
import { loadModel } from '../../components/classifier/model/load-model.ts';
import { parseModelCard } from '../../components/classifier/model/model-card.ts';
import { ModelLoadError } from '../../components/classifier/model/model-load-error.ts';
import { MODEL_CARD_PATH, MODEL_FILES_DIR, SYNSET_PATH } from './model-files.ts';

const realCard = async (): Promise<Record<string, unknown>> =>
  JSON.parse(await readFile(MODEL_CARD_PATH, 'utf8'));

describe('model card', () => {
  it('accepts the shipped card', async () => {
    const parsed = parseModelCard(await realCard());
    expect(parsed.ok).toBe(true);
  });

  it('lists every problem of an invalid card', async () => {
    const card = await realCard();
    const parsed = parseModelCard({
      ...card,
      input: { ...(card.input as object), layout: 'NWHC' },
      extra: 1,
    });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.problems).toContain('input.layout');
      expect(parsed.problems).toContain('extra');
    }
  });

  it('refuses a short side the input does not fit in, and a missing one', async () => {
    const card = await realCard();
    const small = parseModelCard({
      ...card,
      preprocessing: { ...(card.preprocessing as object), resizeShortSide: 200 },
    });
    expect(small).toMatchObject({
      ok: false,
      problems: expect.stringContaining('resizeShortSide 200 is smaller'),
    });
    const { resizeShortSide: _, ...withoutSide } = card.preprocessing as Record<string, unknown>;
    const missing = parseModelCard({ ...card, preprocessing: withoutSide });
    expect(missing).toMatchObject({
      ok: false,
      problems: expect.stringContaining('needs resizeShortSide (for example 256'),
    });
  });

  it('takes a uint8 input only as raw bytes', async () => {
    const card = await realCard();
    const input = { ...(card.input as object), dtype: 'uint8' };
    expect(parseModelCard({ ...card, input })).toMatchObject({
      ok: false,
      problems: expect.stringContaining('a uint8 input takes the pixel bytes as they are'),
    });
    const preprocessing = { resize: 'stretch', pixelRange: '0..255' };
    const parsed = parseModelCard({ ...card, input, preprocessing });
    expect(parsed).toMatchObject({
      ok: true,
      card: { preprocessing: { kernel: 'linear', channelOrder: 'RGB', mean: [0, 0, 0] } },
    });
  });

  it('needs no url for a model already on disk', async () => {
    const card = await realCard();
    const { url: _, bytes: __, ...local } = card.model as Record<string, unknown>;
    expect(parseModelCard({ ...card, model: local }).ok).toBe(true);
  });
});

describe('labels', () => {
  it('reads plain lines and a JSON array, and tells the formats apart', () => {
    expect(parseLabels('cat\r\ndog\n', 'lines', 2)).toEqual({
      ok: true,
      labels: [{ label: 'cat' }, { label: 'dog' }],
    });
    expect(parseLabels('["cat", "dog"]', 'json-array', 2)).toEqual({
      ok: true,
      labels: [{ label: 'cat' }, { label: 'dog' }],
    });
    expect(parseLabels('["cat", 3]', 'json-array', 2)).toMatchObject({
      ok: false,
      problem: expect.stringContaining('entry 1'),
    });
    expect(parseLabels('cat\n\ndog\n', 'lines', 3)).toMatchObject({
      ok: false,
      problem: 'line 2 is empty (format "lines")',
    });
    expect(detectLabelFormat('["a"]')).toBe('json-array');
    expect(detectLabelFormat('n01440764 tench, Tinca tinca\n')).toBe('wnid-lines');
    expect(detectLabelFormat('tench\n')).toBe('lines');
  });

  it('parses synset.txt into 1000 classes, first synonym as label', async () => {
    const parsed = parseLabels(await readFile(SYNSET_PATH, 'utf8'), 'wnid-lines', 1000);
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.labels[144]).toEqual({ wnid: 'n02051845', label: 'pelican' });
    expect(parsed.labels[281]?.label).toBe('tabby');
    expect(parsed.labels[134]?.label).toBe('crane');
    expect(parsed.labels[517]?.label).toBe('crane');
  });

  it('reports a wrong line count and a malformed line', () => {
    expect(parseLabels('n01440764 tench\n', 'wnid-lines', 2)).toEqual({
      ok: false,
      problem: expect.stringContaining('1 lines'),
    });
    expect(parseLabels('n01440764 tench\nnot a label\n', 'wnid-lines', 2)).toEqual({
      ok: false,
      problem: expect.stringContaining('line 2'),
    });
  });
});

describe('loadModel', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'model-card-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A models/ folder with the real card and the given files from models/files. */
  async function modelsFolder(name: string, files: string[]): Promise<string> {
    const folder = join(dir, name);
    await mkdir(join(folder, 'files'), { recursive: true });
    await copyFile(MODEL_CARD_PATH, join(folder, 'card.json'));
    for (const file of files) await copyFile(join(MODEL_FILES_DIR, file), join(folder, 'files', file));
    return join(folder, 'card.json');
  }

  it('loads the verified model bytes and labels', async () => {
    const model = await loadModel(await modelsFolder('complete', ['mobilenetv2-12-int8.onnx', 'synset.txt']));
    expect(model.modelBytes.length).toBe(3655033);
    expect(model.labels).toHaveLength(1000);
  });

  it('names the missing model file and how to fetch it', async () => {
    const error = await loadModel(await modelsFolder('no-model', ['synset.txt'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelLoadError);
    expect((error as ModelLoadError).code).toBe('FILE_MISSING');
    expect((error as Error).message).toMatch(/mobilenetv2-12-int8\.onnx.*npm run assets/);
  });

  it('refuses a model file whose sha256 differs', async () => {
    const cardPath = await modelsFolder('corrupt', ['mobilenetv2-12-int8.onnx', 'synset.txt']);
    const modelPath = join(dir, 'corrupt', 'files', 'mobilenetv2-12-int8.onnx');
    const bytes = await readFile(modelPath);
    bytes[1000] = (bytes[1000] ?? 0) ^ 0xff;
    await writeFile(modelPath, bytes);
    const error = await loadModel(cardPath).catch((e: unknown) => e);
    expect((error as ModelLoadError).code).toBe('FILE_CORRUPT');
  });

  it('reports an unreadable card', async () => {
    const error = await loadModel(join(dir, 'absent.json')).catch((e: unknown) => e);
    expect((error as ModelLoadError).code).toBe('CARD_UNREADABLE');
  });
});
