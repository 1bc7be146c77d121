// Drafts a model card from what the model says about itself (its input and output metadata,
// one probe run), its labels file and what the user tells (a preset, options). What none of
// them gives is listed as missing instead of guessed: a wrong pixel range or channel order
// still classifies, only badly. Pure.
import type { ModelSignature, TensorSignature } from '../../components/classifier/model/card-signature.ts';
import type {
  LabelFormat,
  ModelCardInput,
  PixelRange,
  ResizeKernel,
} from '../../components/classifier/model/model-card.ts';

type Preprocessing = ModelCardInput['preprocessing'];

/**
 * How common exporters prepare pixels, from their own documentation or sample code (cited in
 * docs/model-card.md, "Presets"). `cropRatio`: input side / resized short side.
 */
export const PRESETS = {
  torchvision: {
    resize: 'short-side-crop',
    cropRatio: 0.875,
    pixelRange: '0..1',
    channelOrder: 'RGB',
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
  },
  keras: { resize: 'stretch', pixelRange: '-1..1', channelOrder: 'RGB' },
  'teachable-machine': { resize: 'short-side-crop', cropRatio: 1, pixelRange: '-1..1', channelOrder: 'RGB' },
  'azure-custom-vision': { resize: 'stretch', pixelRange: '0..255', channelOrder: 'BGR' },
} as const satisfies Record<string, Partial<Preprocessing> & { cropRatio?: number }>;
export type PresetName = keyof typeof PRESETS;

export interface DraftOptions {
  readonly name: string;
  readonly preset?: PresetName;
  readonly layout?: 'NCHW' | 'NHWC';
  readonly height?: number;
  readonly width?: number;
  readonly output?: string;
  readonly outputKind?: 'logits' | 'probabilities';
  readonly resize?: 'short-side-crop' | 'stretch';
  readonly resizeShortSide?: number;
  readonly kernel?: ResizeKernel;
  readonly channelOrder?: 'RGB' | 'BGR';
  readonly pixelRange?: PixelRange;
  readonly mean?: [number, number, number];
  readonly std?: [number, number, number];
}

export interface LabelsFacts {
  readonly format: LabelFormat;
  readonly count: number;
}

/** What the model's metadata declares about its image input (image-metadata.ts). */
export interface DeclaredInput {
  readonly channelOrder?: 'RGB' | 'BGR';
  readonly pixelRange?: PixelRange;
  readonly evidence: readonly string[];
}

/** Scores of one probe run: probabilities sum to 1 and stay in [0, 1]. */
export type ProbeScores = readonly number[] | undefined;

export type Draft = Omit<ModelCardInput, 'model' | 'labels'> & { labels: { format: LabelFormat } };

export interface DraftResult {
  /** The card, when nothing is missing. */
  readonly card: Draft | undefined;
  /** What was taken from where, one line each, for the user to read. */
  readonly facts: readonly string[];
  /** What the user must tell, one line each (with the option that tells it). */
  readonly missing: readonly string[];
}

const PROBABILITY_SUM_TOLERANCE = 1e-3;
/** The usual ImageNet evaluation crop (224 of 256), when no preset says otherwise. */
const DEFAULT_CROP_RATIO = 0.875;

export function looksLikeProbabilities(scores: readonly number[]): boolean {
  const sum = scores.reduce((total, score) => total + score, 0);
  return scores.every((score) => score >= 0 && score <= 1) && Math.abs(sum - 1) < PROBABILITY_SUM_TOLERANCE;
}

const shapeText = (tensor: TensorSignature) => `[${tensor.shape.map(String).join(', ')}]`;

export function draftCard(
  model: ModelSignature,
  labels: LabelsFacts,
  probe: ProbeScores,
  options: DraftOptions,
  declared: DeclaredInput = { evidence: [] },
): DraftResult {
  const facts: string[] = [];
  const missing: string[] = [];
  const [input] = model.inputs;
  if (model.inputs.length !== 1 || !input) {
    return {
      card: undefined,
      facts,
      missing: [`the model has ${model.inputs.length} inputs; the classifier feeds exactly one image tensor`],
    };
  }
  const dtype = input.type === 'float32' || input.type === 'uint8' ? input.type : undefined;
  if (!dtype) missing.push(`input "${input.name}" is ${input.type}; the classifier feeds float32 or uint8`);
  const [, d1, d2, d3] = input.shape;
  let layout = options.layout;
  if (!layout && input.shape.length === 4) layout = d1 === 3 ? 'NCHW' : d3 === 3 ? 'NHWC' : undefined;
  if (!layout)
    missing.push(`input layout: "${input.name}" is ${shapeText(input)}; give --layout NCHW or NHWC`);
  const [modelHeight, modelWidth] = layout === 'NHWC' ? [d1, d2] : [d2, d3];
  const height = options.height ?? (typeof modelHeight === 'number' ? modelHeight : undefined);
  const width = options.width ?? (typeof modelWidth === 'number' ? modelWidth : undefined);
  if (height === undefined || width === undefined)
    missing.push(`input size: "${input.name}" is ${shapeText(input)}; give --size HEIGHTxWIDTH`);
  else
    facts.push(
      `from the model: input "${input.name}" ${input.type} ${layout ?? '?'} ${height}x${width} ${shapeText(input)}`,
    );

  const output = options.output
    ? model.outputs.find((entry) => entry.name === options.output)
    : model.outputs.length === 1
      ? model.outputs[0]
      : undefined;
  if (!output) {
    const names = model.outputs.map((entry) => `"${entry.name}" ${shapeText(entry)}`).join(', ');
    missing.push(
      options.output
        ? `output "${options.output}" is not one of the model's outputs: ${names}`
        : `the model has several outputs (${names}); give --output NAME`,
    );
  }
  const perItem = output?.shape.slice(1) ?? [];
  const modelClasses = perItem.every((d) => typeof d === 'number')
    ? perItem.reduce<number>((p, d) => p * (d as number), 1)
    : undefined;
  const classes = modelClasses ?? labels.count;
  if (output)
    facts.push(
      `from the model: output "${output.name}" ${shapeText(output)}, ${modelClasses ?? `? (taken from the labels: ${labels.count})`} classes`,
    );
  if (modelClasses !== undefined && modelClasses !== labels.count)
    missing.push(
      `the labels file has ${labels.count} labels, the model's output has ${modelClasses} classes`,
    );
  facts.push(`from the labels file: ${labels.count} labels, format ${labels.format}`);

  let outputKind = options.outputKind;
  if (!outputKind && probe) {
    outputKind = looksLikeProbabilities(probe) ? 'probabilities' : 'logits';
    const sum = probe.reduce((total, score) => total + score, 0);
    facts.push(`from a probe run: output kind ${outputKind} (scores sum to ${sum.toFixed(4)})`);
  }
  if (!outputKind) missing.push('output kind: give --output-kind logits or probabilities');

  const preset = options.preset ? PRESETS[options.preset] : undefined;
  const uint8 = dtype === 'uint8';
  const resize = options.resize ?? preset?.resize;
  const pixelRange = options.pixelRange ?? (uint8 ? '0..255' : (declared.pixelRange ?? preset?.pixelRange));
  const channelOrder = options.channelOrder ?? declared.channelOrder ?? preset?.channelOrder;
  if (uint8) facts.push('uint8 input: pixel bytes as they are (pixelRange 0..255, no mean or std)');
  if (declared.evidence.length > 0) facts.push(`from the model's metadata: ${declared.evidence.join(', ')}`);
  if (preset) facts.push(`from --preset ${options.preset}: ${JSON.stringify(preset)}`);
  const needsTelling = 'the model does not say how its pixels were prepared for training';
  if (!resize)
    missing.push(
      `resize (${needsTelling}): give --preset ${Object.keys(PRESETS).join('|')} or --resize short-side-crop|stretch`,
    );
  if (!pixelRange)
    missing.push(
      `pixel range (${needsTelling}): give --preset or --pixel-range 0..1|-1..1|0..255 (and --mean/--std)`,
    );
  if (!channelOrder)
    missing.push(`channel order (${needsTelling}): give --preset or --channel-order RGB|BGR`);
  if (
    missing.length > 0 ||
    !layout ||
    !dtype ||
    height === undefined ||
    width === undefined ||
    !output ||
    !outputKind ||
    !resize ||
    !pixelRange ||
    !channelOrder
  )
    return { card: undefined, facts, missing };

  const larger = Math.max(height, width);
  const cropRatio = preset && 'cropRatio' in preset ? preset.cropRatio : DEFAULT_CROP_RATIO;
  const presetStats = preset && 'mean' in preset ? { mean: [...preset.mean], std: [...preset.std] } : {};
  const preprocessing: Preprocessing = {
    resize,
    ...(resize === 'short-side-crop'
      ? { resizeShortSide: options.resizeShortSide ?? Math.round(larger / cropRatio) }
      : {}),
    kernel: options.kernel ?? 'linear',
    channelOrder,
    pixelRange,
    ...(uint8 ? {} : presetStats),
    ...(options.mean ? { mean: options.mean } : {}),
    ...(options.std ? { std: options.std } : {}),
  } as Preprocessing;
  return {
    card: {
      kind: 'image-classification-model',
      name: options.name,
      description: '',
      input: { name: input.name, dtype, layout, height, width },
      output: { name: output.name, kind: outputKind, classes },
      preprocessing,
      labels: { format: labels.format },
    },
    facts,
    missing,
  };
}
