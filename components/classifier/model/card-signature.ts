// Compares a model card with the model's own input and output metadata (what ONNX Runtime
// reports for the session: InferenceSession.inputMetadata / outputMetadata), so a card that
// contradicts its model is refused at load with the field and both values, not discovered as
// a failing inference. Pure.
import type { ModelCard } from './model-card.ts';

/** One model input or output as ONNX Runtime describes it; symbolic dimensions are strings. */
export interface TensorSignature {
  readonly name: string;
  /** ONNX Runtime's element type name ("float32", "uint8", ...), or "non-tensor". */
  readonly type: string;
  readonly shape: readonly (number | string)[];
}

export interface ModelSignature {
  readonly inputs: readonly TensorSignature[];
  readonly outputs: readonly TensorSignature[];
}

/** The card sections the check reads (the part the inference worker is given). */
export type CardTensors = Pick<ModelCard, 'input' | 'output'>;

export type SignatureCheck =
  /** `batchLimit`: the most items one run may hold (1 when the model fixes its batch at 1). */
  | { readonly ok: true; readonly batchLimit: number | undefined }
  | { readonly ok: false; readonly problems: readonly string[] };

const CHANNELS = 3;

export function checkCardAgainstModel(card: CardTensors, model: ModelSignature): SignatureCheck {
  const problems = [...checkInput(card.input, model.inputs), ...checkOutput(card.output, model.outputs)];
  if (problems.length > 0) return { ok: false, problems };
  const input = model.inputs.find((entry) => entry.name === card.input.name);
  const batch = input?.shape[0];
  return { ok: true, batchLimit: typeof batch === 'number' ? batch : undefined };
}

export const describeTensor = (tensor: TensorSignature): string =>
  `"${tensor.name}" (${tensor.type} [${tensor.shape.map(String).join(', ')}])`;

const describeAll = (tensors: readonly TensorSignature[]): string => tensors.map(describeTensor).join(', ');

function checkInput(card: CardTensors['input'], inputs: readonly TensorSignature[]): string[] {
  if (inputs.length !== 1)
    return [
      `input: the model has ${inputs.length} inputs (${describeAll(inputs)}); the classifier feeds exactly one image tensor`,
    ];
  const input = inputs.find((entry) => entry.name === card.name);
  if (!input)
    return [`input.name: the card says "${card.name}", the model's input is ${describeAll(inputs)}`];
  const problems: string[] = [];
  if (input.type !== card.dtype)
    problems.push(
      `input.dtype: the card says ${card.dtype}, the model's input ${describeTensor(input)} is ${input.type}`,
    );
  if (input.shape.length !== 4)
    return [
      ...problems,
      `input: the model's input ${describeTensor(input)} has ${input.shape.length} dimensions; an image input has 4 ([N, 3, H, W] or [N, H, W, 3])`,
    ];
  const [batch, d1, d2, d3] = input.shape;
  const channelsFirst = d1 === CHANNELS;
  const channelsLast = d3 === CHANNELS;
  const declared =
    card.layout === 'NCHW' ? channelsFirst || typeof d1 === 'string' : channelsLast || typeof d3 === 'string';
  if (!declared) {
    const actual = channelsLast
      ? 'NHWC (3 channels last)'
      : channelsFirst
        ? 'NCHW (3 channels first)'
        : 'neither NCHW nor NHWC with 3 channels';
    problems.push(
      `input.layout: the card says ${card.layout}, the model's input ${describeTensor(input)} is ${actual}`,
    );
    return problems;
  }
  const [height, width] = card.layout === 'NCHW' ? [d2, d3] : [d1, d2];
  if (typeof height === 'number' && height !== card.height)
    problems.push(
      `input.height: the card says ${card.height}, the model's input ${describeTensor(input)} is ${height} high`,
    );
  if (typeof width === 'number' && width !== card.width)
    problems.push(
      `input.width: the card says ${card.width}, the model's input ${describeTensor(input)} is ${width} wide`,
    );
  if (typeof batch === 'number' && batch !== 1)
    problems.push(
      `input: the model's input ${describeTensor(input)} fixes its batch at ${batch}; the classifier needs 1 or a free batch dimension`,
    );
  return problems;
}

function checkOutput(card: CardTensors['output'], outputs: readonly TensorSignature[]): string[] {
  const output = outputs.find((entry) => entry.name === card.name);
  if (!output)
    return [`output.name: the card says "${card.name}", the model's outputs are ${describeAll(outputs)}`];
  if (output.type !== 'float32')
    return [
      `output: the model's output ${describeTensor(output)} is ${output.type}; the classifier reads float32 scores`,
    ];
  const perItem = output.shape.slice(1);
  if (perItem.every((dimension) => typeof dimension === 'number')) {
    const classes = perItem.reduce((product, dimension) => product * dimension, 1);
    if (classes !== card.classes)
      return [
        `output.classes: the card says ${card.classes}, the model's output ${describeTensor(output)} has ${classes}`,
      ];
  }
  return [];
}
