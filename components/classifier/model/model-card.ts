// The model card: what a model needs done to a photo before inference and what its output
// means. One JSON file per model; docs/model-card.md describes every field. The card is checked
// twice: against this schema when read, and against the model's own input and output
// metadata when the ONNX session is created (card-signature.ts).
import { z } from 'zod';
import { CardFileSchema } from './asset-file.ts';

/** sharp's resize kernels (https://sharp.pixelplumbing.com/api-resize#resize). */
export const RESIZE_KERNELS = ['nearest', 'linear', 'cubic', 'mitchell', 'lanczos2', 'lanczos3'] as const;
export type ResizeKernel = (typeof RESIZE_KERNELS)[number];

/**
 * `short-side-crop`: resize so the short side is `resizeShortSide` (aspect kept), then take the
 * centre input-sized region (torchvision's Resize + CenterCrop). `stretch`: resize straight to the
 * input size, aspect not kept (Keras, Teachable Machine, Azure Custom Vision).
 */
export const RESIZE_MODES = ['short-side-crop', 'stretch'] as const;

/** The pixel ranges models are trained on: x / 255, x / 127.5 - 1, raw bytes. */
export const PIXEL_RANGES = ['0..1', '-1..1', '0..255'] as const;
export type PixelRange = (typeof PIXEL_RANGES)[number];

export const LABEL_FORMATS = ['lines', 'json-array', 'wnid-lines'] as const;
export type LabelFormat = (typeof LABEL_FORMATS)[number];

const triple = (value: z.ZodNumber) => z.tuple([value, value, value]);
/** Largest input height or width a card may declare (a 4096x4096 float32 input is 192 MiB). */
export const MAX_INPUT_SIDE = 4096;
const side = z.number().int().positive().max(MAX_INPUT_SIDE);

const PreprocessingSchema = z.strictObject({
  resize: z.enum(RESIZE_MODES),
  /** Only for `short-side-crop`; at least the input's larger side. */
  resizeShortSide: side.optional(),
  kernel: z.enum(RESIZE_KERNELS).default('linear'),
  channelOrder: z.enum(['RGB', 'BGR']).default('RGB'),
  /** The range pixels are scaled to before mean and std apply. */
  pixelRange: z.enum(PIXEL_RANGES),
  /** Per channel, in the card's channel order: (scaled - mean) / std. */
  mean: triple(z.number()).default([0, 0, 0]),
  std: triple(z.number().positive()).default([1, 1, 1]),
});

export const ModelCardSchema = z
  .strictObject({
    kind: z.literal('image-classification-model'),
    name: z.string().regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, ".", "_" or "-"'),
    description: z.string().default(''),
    licence: z.strictObject({ spdx: z.string().min(1), source: z.string(), homepage: z.url() }).optional(),
    model: CardFileSchema,
    input: z.strictObject({
      name: z.string().min(1),
      dtype: z.enum(['float32', 'uint8']),
      layout: z.enum(['NCHW', 'NHWC']),
      height: side,
      width: side,
    }),
    output: z.strictObject({
      name: z.string().min(1),
      kind: z.enum(['logits', 'probabilities']),
      classes: z.number().int().positive(),
    }),
    preprocessing: PreprocessingSchema,
    labels: CardFileSchema.extend({ format: z.enum(LABEL_FORMATS) }),
  })
  .superRefine((card, context) => {
    const pre = card.preprocessing;
    const largerSide = Math.max(card.input.height, card.input.width);
    if (pre.resize === 'short-side-crop') {
      if (pre.resizeShortSide === undefined)
        context.addIssue({
          code: 'custom',
          message: `resize "short-side-crop" needs resizeShortSide (for example ${Math.round(largerSide / 0.875)}, the usual 0.875 crop)`,
          path: ['preprocessing', 'resizeShortSide'],
        });
      else if (pre.resizeShortSide < largerSide)
        context.addIssue({
          code: 'custom',
          message: `resizeShortSide ${pre.resizeShortSide} is smaller than the input's ${card.input.height}x${card.input.width}: the crop would not fit`,
          path: ['preprocessing', 'resizeShortSide'],
        });
    } else if (pre.resizeShortSide !== undefined) {
      context.addIssue({
        code: 'custom',
        message: 'resizeShortSide applies only to resize "short-side-crop"',
        path: ['preprocessing', 'resizeShortSide'],
      });
    }
    if (card.input.dtype === 'uint8') {
      const identity = pre.mean.every((m) => m === 0) && pre.std.every((s) => s === 1);
      if (pre.pixelRange !== '0..255' || !identity)
        context.addIssue({
          code: 'custom',
          message:
            'a uint8 input takes the pixel bytes as they are: pixelRange "0..255", no mean or std (normalisation belongs in the model)',
          path: ['preprocessing', 'pixelRange'],
        });
    }
  });

export type ModelCard = z.infer<typeof ModelCardSchema>;
export type ModelCardInput = z.input<typeof ModelCardSchema>;

/** Everything decoding and tensor writing need, from the card's input and preprocessing. */
export interface Preprocessing {
  readonly resize: (typeof RESIZE_MODES)[number];
  /** Short side after resizing (`short-side-crop`); unused for `stretch`. */
  readonly resizeShortSide: number;
  readonly kernel: ResizeKernel;
  readonly channelOrder: 'RGB' | 'BGR';
  readonly pixelRange: PixelRange;
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
  readonly dtype: 'float32' | 'uint8';
  readonly layout: 'NCHW' | 'NHWC';
  readonly height: number;
  readonly width: number;
}

export function preprocessingOf(card: ModelCard): Preprocessing {
  const { preprocessing: pre, input } = card;
  return {
    resize: pre.resize,
    resizeShortSide: pre.resizeShortSide ?? 0,
    kernel: pre.kernel,
    channelOrder: pre.channelOrder,
    pixelRange: pre.pixelRange,
    mean: pre.mean,
    std: pre.std,
    dtype: input.dtype,
    layout: input.layout,
    height: input.height,
    width: input.width,
  };
}

export type ParsedCard<T> = { ok: true; card: T } | { ok: false; problems: string };

/** Validates a parsed JSON value as a model card; problems are listed one per line. */
export function parseModelCard(json: unknown): ParsedCard<ModelCard> {
  const result = ModelCardSchema.safeParse(json);
  return result.success
    ? { ok: true, card: result.data }
    : { ok: false, problems: z.prettifyError(result.error) };
}

/** Number of classes the model's output has. */
export const classCount = (card: ModelCard): number => card.output.classes;
