// Drafting a card from what a model says about itself: what can be read is taken, what cannot
// (how pixels were prepared) is asked for, never guessed.
import { describe, expect, it } from 'vitest';
import { parseModelCard } from '../../components/classifier/model/model-card.ts';
import { draftCard, looksLikeProbabilities } from '../../scripts/model/draft-card.ts';
import { parseInitArgs, parsePackageArgs } from '../../scripts/model/parse-args.ts';

const kerasModel = {
  inputs: [{ name: 'input_1', type: 'float32', shape: ['unk__0', 224, 224, 3] }],
  outputs: [{ name: 'dense', type: 'float32', shape: ['unk__1', 5] }],
};
const labels = { format: 'lines', count: 5 } as const;
const softmaxScores = [0.1, 0.2, 0.3, 0.2, 0.2];

describe('draftCard', () => {
  it('reads input, layout, size, output and kind from the model; asks for the pixel preparation', () => {
    const draft = draftCard(kerasModel, labels, softmaxScores, { name: 'flowers' });
    expect(draft.card).toBeUndefined();
    expect(draft.facts).toContain(
      'from the model: input "input_1" float32 NHWC 224x224 [unk__0, 224, 224, 3]',
    );
    expect(draft.facts).toContain('from a probe run: output kind probabilities (scores sum to 1.0000)');
    expect(draft.missing.map((line) => line.split(' (')[0])).toEqual([
      'resize',
      'pixel range',
      'channel order',
    ]);
  });

  it('writes a valid card once told (a preset), with the options winning over it', () => {
    const draft = draftCard(kerasModel, labels, softmaxScores, {
      name: 'flowers',
      preset: 'keras',
      kernel: 'cubic',
    });
    expect(draft.missing).toEqual([]);
    const card = {
      ...draft.card,
      model: { file: 'm.onnx', sha256: 'a'.repeat(64) },
      labels: { ...draft.card?.labels, file: 'l.txt', sha256: 'b'.repeat(64) },
    };
    const parsed = parseModelCard(card);
    if (!parsed.ok) throw new Error(parsed.problems);
    expect(parsed.card).toMatchObject({
      input: { name: 'input_1', layout: 'NHWC', dtype: 'float32', height: 224, width: 224 },
      output: { name: 'dense', kind: 'probabilities', classes: 5 },
      preprocessing: { resize: 'stretch', pixelRange: '-1..1', channelOrder: 'RGB', kernel: 'cubic' },
    });
  });

  it('takes torchvision geometry: short side = input / 0.875, ImageNet statistics', () => {
    const torch = {
      inputs: [{ name: 'x', type: 'float32', shape: ['batch', 3, 299, 299] }],
      outputs: [{ name: 'logits', type: 'float32', shape: ['batch', 5] }],
    };
    const draft = draftCard(torch, labels, [3, -1, 0.5, 2, 7], { name: 'm', preset: 'torchvision' });
    expect(draft.card?.output.kind).toBe('logits');
    expect(draft.card?.preprocessing).toMatchObject({
      resize: 'short-side-crop',
      resizeShortSide: 342,
      mean: [0.485, 0.456, 0.406],
    });
  });

  it('needs no scaling for a uint8 input, and says when labels and classes disagree', () => {
    const uint8 = { ...kerasModel, inputs: [{ name: 'pixels', type: 'uint8', shape: [1, 3, 96, 96] }] };
    const draft = draftCard(uint8, { format: 'json-array', count: 4 }, softmaxScores, {
      name: 'q',
      resize: 'stretch',
      channelOrder: 'BGR',
    });
    expect(draft.missing).toEqual(["the labels file has 4 labels, the model's output has 5 classes"]);
    const fixed = draftCard(uint8, labels, softmaxScores, {
      name: 'q',
      resize: 'stretch',
      channelOrder: 'RGB',
    });
    expect(fixed.card?.preprocessing).toEqual({
      resize: 'stretch',
      kernel: 'linear',
      channelOrder: 'RGB',
      pixelRange: '0..255',
    });
  });

  it('asks for the layout, size and output it cannot read', () => {
    const vague = {
      inputs: [{ name: 'x', type: 'float32', shape: ['n', 'c', 'h', 'w'] }],
      outputs: [
        { name: 'a', type: 'float32', shape: ['n', 5] },
        { name: 'b', type: 'float32', shape: ['n', 5] },
      ],
    };
    const draft = draftCard(vague, labels, undefined, { name: 'v', preset: 'keras' });
    expect(draft.missing.join('\n')).toMatch(
      /give --layout NCHW or NHWC[\s\S]*give --size HEIGHTxWIDTH[\s\S]*give --output NAME[\s\S]*--output-kind/,
    );
  });

  it('tells probabilities from logits', () => {
    expect(looksLikeProbabilities(softmaxScores)).toBe(true);
    expect(looksLikeProbabilities([0.5, 0.6])).toBe(false);
    expect(looksLikeProbabilities([1.5, -0.5])).toBe(false);
  });
});

describe('model command arguments', () => {
  it('parses init options and refuses bad values with the option named', () => {
    const parsed = parseInitArgs([
      'my model.onnx',
      '--labels',
      'l.txt',
      '--size',
      '260x300',
      '--mean',
      '0.5,0.5,0.5',
    ]);
    expect(parsed).toMatchObject({
      ok: true,
      args: { name: 'my-model', height: 260, width: 300, mean: [0.5, 0.5, 0.5] },
    });
    expect(parseInitArgs(['m.onnx'])).toMatchObject({
      ok: false,
      problem: expect.stringContaining('--labels'),
    });
    expect(parseInitArgs(['m.onnx', '--labels', 'l', '--pixel-range', '0..2'])).toMatchObject({
      ok: false,
      problem: "--pixel-range must be one of 0..1, -1..1, 0..255, got '0..2'",
    });
  });

  it('needs a semantic version to package', () => {
    expect(parsePackageArgs(['card.json'])).toMatchObject({
      ok: false,
      problem: expect.stringContaining('--version'),
    });
    expect(parsePackageArgs(['card.json', '--version', '1.2.0'])).toMatchObject({
      ok: true,
      args: { card: 'card.json', version: '1.2.0', out: 'model-components', unpacked: false },
    });
  });
});
