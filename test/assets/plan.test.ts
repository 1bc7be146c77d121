import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCardFiles } from '../../scripts/assets/cards.ts';
import { buildFailureMessage, planSources } from '../../scripts/assets/plan.ts';

const asset = {
  file: 'model.onnx',
  url: 'https://example.org/model.onnx',
  sha256: 'a'.repeat(64),
  bytes: 10,
};

const card = async (name: string): Promise<unknown> =>
  JSON.parse(await readFile(fileURLToPath(new URL(`../../models/${name}`, import.meta.url)), 'utf8'));

describe('planSources', () => {
  it('tries the mirror before the upstream address', () => {
    expect(planSources(asset, '/mirror')).toEqual([
      { kind: 'mirror', path: '/mirror/model.onnx' },
      { kind: 'download', url: asset.url },
    ]);
  });

  it('goes straight to the upstream address without a mirror', () => {
    expect(planSources(asset, undefined)).toEqual([{ kind: 'download', url: asset.url }]);
  });
});

describe('buildFailureMessage', () => {
  it('names the file, every source tried, and both ways to supply it', () => {
    const message = buildFailureMessage(asset, '/p/models/files/model.onnx', [
      { source: 'existing file /p/models/files/model.onnx', problem: 'missing' },
      { source: 'download https://example.org/model.onnx', problem: 'HTTP 404' },
    ]);
    expect(message).toContain('model.onnx');
    expect(message).toContain('HTTP 404');
    expect(message).toContain('existing file /p/models/files/model.onnx: missing');
    expect(message).toContain('ASSET_MIRROR');
    expect(message).toContain('place it at /p/models/files/model.onnx');
  });
});

describe('parseCardFiles', () => {
  it('lists the model card files and the sample photos', async () => {
    const model = parseCardFiles(await card('mobilenetv2-12-int8.json'));
    const samples = parseCardFiles(await card('sample-images.json'));
    expect(model.ok && model.files.map((file) => file.file)).toEqual([
      'mobilenetv2-12-int8.onnx',
      'synset.txt',
    ]);
    expect(samples.ok && samples.files.map((file) => file.file)).toEqual([
      'pelican.jpeg',
      'cat.jpeg',
      'dog.jpg',
      'macaw.jpg',
    ]);
  });

  it('rejects unknown kinds and file names that are paths', async () => {
    expect(parseCardFiles({ kind: 'weights' })).toMatchObject({ ok: false });
    const samples = (await card('sample-images.json')) as { images: object[] };
    const escaping = { ...samples, images: [{ ...samples.images[0], file: '../escape.jpg' }] };
    expect(parseCardFiles(escaping)).toMatchObject({ ok: false, problems: expect.stringContaining('file') });
  });
});
