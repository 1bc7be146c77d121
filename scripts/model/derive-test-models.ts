// Test models derived from the shipped MobileNet by editing its ONNX graph (onnx-proto: the
// ONNX protobuf schema for protobufjs), one per kind of model users bring (README, "Use your
// own model"). Each adds nodes in front of or behind the original graph, so each must give the
// original's answers when the classifier prepares its input the way its card says:
//   nhwc       channels-last input (Keras/TFLite exports): Transpose to NCHW
//   uint8      raw pixel bytes in, ImageNet normalisation folded into the graph: Cast, Mul, Add
//   softmax    probabilities out (Softmax on the logits)
//   subset5    five ImageNet classes (Gather on the logits), with a five-line label file
//   keras5     the four together as Teachable Machine exports them: NHWC, pixels in [-1, 1],
//              softmax, five classes, labels as plain lines
//   azure-bgr  Azure Custom Vision's shape: BGR, 0-255, probabilities, labels as a JSON array
// Run: npm run model -- derive-test-models SOURCE.onnx OUT_DIR
import { createHash } from 'node:crypto';
import onnxProto from 'onnx-proto';
import type { ModelCardInput } from '../../components/classifier/model/model-card.ts';

const { onnx } = onnxProto;
type Graph = onnxProto.onnx.IGraphProto;
type Node = onnxProto.onnx.INodeProto;
type Tensor = onnxProto.onnx.ITensorProto;

const FLOAT = onnx.TensorProto.DataType.FLOAT;
const UINT8 = onnx.TensorProto.DataType.UINT8;
const INT64 = onnx.TensorProto.DataType.INT64;

/** The five classes of the subset models: ImageNet index and label, in index order. */
export const SUBSET_CLASSES = [
  [130, 'flamingo'],
  [144, 'pelican'],
  [281, 'tabby'],
  [340, 'zebra'],
  [420, 'banjo'],
] as const;

const IMAGENET_MEAN = [0.485, 0.456, 0.406] as const;
const IMAGENET_STD = [0.229, 0.224, 0.225] as const;
/** The source model's tensor names and sizes (models/mobilenetv2-12-int8.json). */
const SOURCE = { input: 'input', output: 'output', side: 224, classes: 1000 } as const;

export interface DerivedModel {
  readonly name: string;
  readonly onnx: Uint8Array;
  readonly labels: string;
  /** The card without its files' sha256 and names (the writer fills them in). */
  readonly card: Omit<ModelCardInput, 'model' | 'labels'> & {
    labels: { format: 'lines' | 'json-array' | 'wnid-lines' };
  };
  /** Original class index of each of this model's classes. */
  readonly classMap: readonly number[];
}

interface Edit {
  /** Nodes run before the original graph, ending in the source input name. */
  readonly before?: { input: onnxProto.onnx.IValueInfoProto; nodes: Node[]; initializers: Tensor[] };
  /** Nodes run after the original graph, starting from the source output name. */
  readonly after?: { output: onnxProto.onnx.IValueInfoProto; nodes: Node[]; initializers: Tensor[] };
  /** metadata_props entries to add (image-metadata.ts reads them). */
  readonly metadata?: ReadonlyArray<{ key: string; value: string }>;
}

const dims = (shape: readonly (number | string)[]) => ({
  dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
});
const valueInfo = (name: string, elemType: number, shape: readonly (number | string)[]) =>
  onnx.ValueInfoProto.create({ name, type: { tensorType: { elemType, shape: dims(shape) } } });
const floats = (name: string, shape: number[], values: readonly number[]): Tensor => ({
  name,
  dims: shape,
  dataType: FLOAT,
  floatData: [...values],
});
const int64s = (name: string, values: readonly number[]): Tensor => ({
  name,
  dims: [values.length],
  dataType: INT64,
  rawData: new Uint8Array(BigInt64Array.from(values.map(BigInt)).buffer),
});
const node = (
  opType: string,
  input: string[],
  output: string[],
  attribute: onnxProto.onnx.IAttributeProto[] = [],
): Node => ({
  opType,
  input,
  output,
  name: `derived_${opType}_${output[0]}`,
  attribute,
});
const intAttribute = (name: string, i: number) => ({ name, type: onnx.AttributeProto.AttributeType.INT, i });
const intsAttribute = (name: string, ints: number[]) => ({
  name,
  type: onnx.AttributeProto.AttributeType.INTS,
  ints,
});

/** Per-channel y = x * scale + bias (shape [1, 3, 1, 1]) from `from` into `to`. */
function affine(from: string, to: string, scale: readonly number[], bias: readonly number[], prefix: string) {
  return {
    nodes: [
      node('Mul', [from, `${prefix}_scale`], [`${prefix}_scaled`]),
      node('Add', [`${prefix}_scaled`, `${prefix}_bias`], [to]),
    ],
    initializers: [
      floats(`${prefix}_scale`, [1, 3, 1, 1], scale),
      floats(`${prefix}_bias`, [1, 3, 1, 1], bias),
    ],
  };
}

/** (x * k - mean) / std as one multiply-add per channel, for pixels scaled by `k`. */
const normalisation = (k: number) => ({
  scale: IMAGENET_STD.map((std) => k / std),
  bias: IMAGENET_MEAN.map((mean, c) => -mean / (IMAGENET_STD[c] as number)),
});

function applyEdit(source: Uint8Array, edit: Edit): Uint8Array {
  const model = onnx.ModelProto.decode(source);
  const graph = model.graph as Graph & {
    input: unknown[];
    output: unknown[];
    node: Node[];
    initializer: Tensor[];
  };
  if (edit.before) {
    graph.input = graph.input.filter((input) => (input as { name: string }).name !== SOURCE.input);
    graph.input.unshift(edit.before.input);
    graph.node.unshift(...edit.before.nodes);
    graph.initializer.push(...edit.before.initializers);
  }
  if (edit.after) {
    graph.output = [edit.after.output];
    graph.node.push(...edit.after.nodes);
    graph.initializer.push(...edit.after.initializers);
  }
  if (edit.metadata) model.metadataProps = [...(model.metadataProps ?? []), ...edit.metadata];
  return onnx.ModelProto.encode(model).finish();
}

const nhwcInput = (name: string) => ({
  input: valueInfo(name, FLOAT, ['N', SOURCE.side, SOURCE.side, 3]),
  transpose: node('Transpose', [name], [`${name}_nchw`], [intsAttribute('perm', [0, 3, 1, 2])]),
});

const softmaxAfter = (from: string, to: string, classes: number) => ({
  output: valueInfo(to, FLOAT, ['N', classes]),
  nodes: [node('Softmax', [from], [to], [intAttribute('axis', 1)])],
  initializers: [],
});

const subsetIndices = SUBSET_CLASSES.map(([index]) => index);
const subsetLines = `${SUBSET_CLASSES.map(([, label]) => label).join('\n')}\n`;
const ALL_CLASSES = Array.from({ length: SOURCE.classes }, (_, index) => index);

const imagenetPreprocessing: ModelCardInput['preprocessing'] = {
  resize: 'short-side-crop',
  resizeShortSide: 256,
  kernel: 'linear',
  pixelRange: '0..1',
  mean: [...IMAGENET_MEAN],
  std: [...IMAGENET_STD],
};

const sourceInput = {
  name: SOURCE.input,
  dtype: 'float32',
  layout: 'NCHW',
  height: 224,
  width: 224,
} as const;

/** Every derived model, from the source model's bytes and its wnid label file. */
export function deriveTestModels(source: Uint8Array, synset: string): DerivedModel[] {
  const card = (name: string, description: string) => ({
    kind: 'image-classification-model' as const,
    name,
    description,
  });
  const nhwc = nhwcInput('input_nhwc');
  const keras = nhwcInput('input_1');
  const kerasNormalise = affine(
    'input_1_nchw',
    SOURCE.input,
    normalisation(0.5).scale,
    IMAGENET_MEAN.map((mean, c) => (0.5 - mean) / (IMAGENET_STD[c] as number)),
    'keras',
  );
  const uint8Normalise = affine(
    'pixels_float',
    SOURCE.input,
    normalisation(1 / 255).scale,
    normalisation(1).bias,
    'uint8',
  );
  const azureNormalise = affine(
    'data_rgb',
    SOURCE.input,
    normalisation(1 / 255).scale,
    normalisation(1).bias,
    'azure',
  );
  const gatherSubset = (to: string) => ({
    nodes: [node('Gather', [SOURCE.output, 'subset_indices'], [to], [intAttribute('axis', 1)])],
    initializers: [int64s('subset_indices', subsetIndices)],
  });
  const models: Array<DerivedModel & { edit: Edit }> = [
    {
      name: 'test-nhwc',
      edit: {
        before: {
          input: nhwc.input,
          nodes: [{ ...nhwc.transpose, output: [SOURCE.input] }],
          initializers: [],
        },
      },
      card: {
        ...card('test-nhwc', 'MobileNet v2 with a channels-last input'),
        input: { ...sourceInput, name: 'input_nhwc', layout: 'NHWC' },
        output: { name: SOURCE.output, kind: 'logits', classes: SOURCE.classes },
        preprocessing: imagenetPreprocessing,
        labels: { format: 'wnid-lines' },
      },
      labels: synset,
      classMap: ALL_CLASSES,
      onnx: new Uint8Array(),
    },
    {
      name: 'test-uint8',
      edit: {
        before: {
          input: valueInfo('pixels', UINT8, ['N', 3, SOURCE.side, SOURCE.side]),
          nodes: [
            node('Cast', ['pixels'], ['pixels_float'], [intAttribute('to', FLOAT)]),
            ...uint8Normalise.nodes,
          ],
          initializers: uint8Normalise.initializers,
        },
      },
      card: {
        ...card('test-uint8', 'MobileNet v2 taking raw pixel bytes, normalisation in the graph'),
        input: { ...sourceInput, name: 'pixels', dtype: 'uint8' },
        output: { name: SOURCE.output, kind: 'logits', classes: SOURCE.classes },
        preprocessing: {
          resize: 'short-side-crop',
          resizeShortSide: 256,
          kernel: 'linear',
          pixelRange: '0..255',
        },
        labels: { format: 'wnid-lines' },
      },
      labels: synset,
      classMap: ALL_CLASSES,
      onnx: new Uint8Array(),
    },
    {
      name: 'test-softmax',
      edit: { after: softmaxAfter(SOURCE.output, 'probabilities', SOURCE.classes) },
      card: {
        ...card('test-softmax', 'MobileNet v2 with probabilities out'),
        input: sourceInput,
        output: { name: 'probabilities', kind: 'probabilities', classes: SOURCE.classes },
        preprocessing: imagenetPreprocessing,
        labels: { format: 'wnid-lines' },
      },
      labels: synset,
      classMap: ALL_CLASSES,
      onnx: new Uint8Array(),
    },
    {
      name: 'test-subset5',
      edit: { after: { output: valueInfo('scores', FLOAT, ['N', 5]), ...gatherSubset('scores') } },
      card: {
        ...card('test-subset5', 'MobileNet v2 restricted to five ImageNet classes'),
        input: sourceInput,
        output: { name: 'scores', kind: 'logits', classes: 5 },
        preprocessing: imagenetPreprocessing,
        labels: { format: 'lines' },
      },
      labels: subsetLines,
      classMap: subsetIndices,
      onnx: new Uint8Array(),
    },
    {
      name: 'test-keras5',
      edit: {
        before: {
          input: keras.input,
          nodes: [keras.transpose, ...kerasNormalise.nodes],
          initializers: kerasNormalise.initializers,
        },
        after: {
          output: valueInfo('dense', FLOAT, ['N', 5]),
          nodes: [
            ...gatherSubset('subset_logits').nodes,
            node('Softmax', ['subset_logits'], ['dense'], [intAttribute('axis', 1)]),
          ],
          initializers: gatherSubset('subset_logits').initializers,
        },
      },
      card: {
        ...card(
          'test-keras5',
          'Five classes, NHWC, pixels in [-1, 1], softmax out, as a Keras/Teachable Machine export',
        ),
        input: { ...sourceInput, name: 'input_1', layout: 'NHWC' },
        output: { name: 'dense', kind: 'probabilities', classes: 5 },
        preprocessing: { resize: 'short-side-crop', resizeShortSide: 256, pixelRange: '-1..1' },
        labels: { format: 'lines' },
      },
      labels: subsetLines,
      classMap: subsetIndices,
      onnx: new Uint8Array(),
    },
    {
      name: 'test-azure-bgr',
      edit: {
        before: {
          input: valueInfo('data', FLOAT, ['N', 3, SOURCE.side, SOURCE.side]),
          nodes: [
            node('Gather', ['data', 'bgr_to_rgb'], ['data_rgb'], [intAttribute('axis', 1)]),
            ...azureNormalise.nodes,
          ],
          initializers: [int64s('bgr_to_rgb', [2, 1, 0]), ...azureNormalise.initializers],
        },
        after: softmaxAfter(SOURCE.output, 'model_outputs0', SOURCE.classes),
        // As Custom Vision's exports declare their input (image-metadata.ts).
        metadata: [
          { key: 'Image.BitmapPixelFormat', value: 'Bgr8' },
          { key: 'Image.NominalPixelRange', value: 'NominalRange_0_255' },
        ],
      },
      card: {
        ...card('test-azure-bgr', 'BGR pixels in 0-255, probabilities out, as an Azure Custom Vision export'),
        input: { ...sourceInput, name: 'data' },
        output: { name: 'model_outputs0', kind: 'probabilities', classes: SOURCE.classes },
        preprocessing: {
          resize: 'short-side-crop',
          resizeShortSide: 256,
          channelOrder: 'BGR',
          pixelRange: '0..255',
        },
        labels: { format: 'json-array' },
      },
      labels: `${JSON.stringify(
        synset
          .trimEnd()
          .split('\n')
          .map((line) => line.slice(10).split(',')[0]),
      )}\n`,
      classMap: ALL_CLASSES,
      onnx: new Uint8Array(),
    },
  ];
  return models.map(({ edit, ...model }) => ({ ...model, onnx: applyEdit(source, edit) }));
}

export const sha256Of = (bytes: Uint8Array | string): string =>
  createHash('sha256').update(bytes).digest('hex');
