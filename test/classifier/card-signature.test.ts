// The card checked against the model's own metadata: each disagreement names the card field
// and both values, in words.
import { describe, expect, it } from 'vitest';
import {
  type CardTensors,
  checkCardAgainstModel,
  type ModelSignature,
} from '../../components/classifier/model/card-signature.ts';

const card: CardTensors = {
  input: { name: 'input_1', dtype: 'float32', layout: 'NHWC', height: 224, width: 224 },
  output: { name: 'scores', kind: 'probabilities', classes: 5 },
};
const model = (
  inputShape: (number | string)[],
  outputShape: (number | string)[] = ['N', 5],
): ModelSignature => ({
  inputs: [{ name: 'input_1', type: 'float32', shape: inputShape }],
  outputs: [{ name: 'scores', type: 'float32', shape: outputShape }],
});
const problems = (check: ReturnType<typeof checkCardAgainstModel>) => (check.ok ? [] : check.problems);

describe('checkCardAgainstModel', () => {
  it('accepts a card that matches, with a free or fixed-at-1 batch', () => {
    expect(checkCardAgainstModel(card, model(['unk__612', 224, 224, 3]))).toEqual({
      ok: true,
      batchLimit: undefined,
    });
    expect(checkCardAgainstModel(card, model([1, 224, 224, 3]))).toEqual({ ok: true, batchLimit: 1 });
    expect(checkCardAgainstModel(card, model(['N', 'H', 'W', 3], ['N', 1, 1, 5])).ok).toBe(true);
  });

  it('names the field and both values for each disagreement', () => {
    expect(
      problems(
        checkCardAgainstModel(
          { ...card, input: { ...card.input, name: 'images' } },
          model(['N', 224, 224, 3]),
        ),
      ),
    ).toEqual([
      'input.name: the card says "images", the model\'s input is "input_1" (float32 [N, 224, 224, 3])',
    ]);
    expect(problems(checkCardAgainstModel(card, model(['N', 3, 224, 224])))).toEqual([
      'input.layout: the card says NHWC, the model\'s input "input_1" (float32 [N, 3, 224, 224]) is NCHW (3 channels first)',
    ]);
    expect(problems(checkCardAgainstModel(card, model(['N', 299, 260, 3])))).toEqual([
      'input.height: the card says 224, the model\'s input "input_1" (float32 [N, 299, 260, 3]) is 299 high',
      'input.width: the card says 224, the model\'s input "input_1" (float32 [N, 299, 260, 3]) is 260 wide',
    ]);
    expect(problems(checkCardAgainstModel(card, model(['N', 224, 224, 3], ['N', 1000])))).toEqual([
      'output.classes: the card says 5, the model\'s output "scores" (float32 [N, 1000]) has 1000',
    ]);
    expect(
      problems(
        checkCardAgainstModel(
          { ...card, output: { ...card.output, name: 'output' } },
          model(['N', 224, 224, 3]),
        ),
      ),
    ).toEqual(['output.name: the card says "output", the model\'s outputs are "scores" (float32 [N, 5])']);
    const uint8Model: ModelSignature = {
      ...model(['N', 224, 224, 3]),
      inputs: [{ name: 'input_1', type: 'uint8', shape: ['N', 224, 224, 3] }],
    };
    expect(problems(checkCardAgainstModel(card, uint8Model))).toEqual([
      'input.dtype: the card says float32, the model\'s input "input_1" (uint8 [N, 224, 224, 3]) is uint8',
    ]);
  });

  it('refuses models the classifier cannot feed or read', () => {
    expect(problems(checkCardAgainstModel(card, model([8, 224, 224, 3])))[0]).toMatch(/fixes its batch at 8/);
    expect(problems(checkCardAgainstModel(card, model(['N', 150528])))[0]).toMatch(/has 2 dimensions/);
    const twoInputs: ModelSignature = {
      ...model(['N', 224, 224, 3]),
      inputs: [...model([]).inputs, { name: 'mask', type: 'float32', shape: [] }],
    };
    expect(problems(checkCardAgainstModel(card, twoInputs))[0]).toMatch(/the model has 2 inputs/);
    const float16: ModelSignature = {
      ...model(['N', 224, 224, 3]),
      outputs: [{ name: 'scores', type: 'float16', shape: ['N', 5] }],
    };
    expect(problems(checkCardAgainstModel(card, float16))[0]).toMatch(
      /is float16; the classifier reads float32/,
    );
  });
});
