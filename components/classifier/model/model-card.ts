import { z } from 'zod';
import { AssetFileSchema } from './asset-file.ts';

const PreprocessingSchema = z.strictObject({
  // The fixed steps are spelled out so a card cannot silently ask for something we do not do.
  autoOrient: z.literal(true),
  colourSpace: z.literal('srgb'),
  alpha: z.literal('drop'),
  resizeShortSide: z.number().int().positive(),
  resizeKernel: z.literal('bilinear'),
  cropSize: z.number().int().positive(),
  channelOrder: z.literal('RGB'),
  /** mean and std apply to pixel values scaled to this range (x / 255). */
  pixelRange: z.tuple([z.literal(0), z.literal(1)]),
  mean: z.tuple([z.number(), z.number(), z.number()]),
  std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]),
});

const BatchDimension = z.literal('N');

export const ModelCardSchema = z
  .strictObject({
    kind: z.literal('image-classification-model'),
    name: z.string().min(1),
    description: z.string(),
    licence: z.strictObject({ spdx: z.string().min(1), source: z.string(), homepage: z.url() }),
    model: AssetFileSchema,
    input: z.strictObject({
      name: z.string().min(1),
      dtype: z.literal('float32'),
      shape: z.tuple([
        BatchDimension,
        z.literal(3),
        z.number().int().positive(),
        z.number().int().positive(),
      ]),
      layout: z.literal('NCHW'),
    }),
    output: z.strictObject({
      name: z.string().min(1),
      shape: z.tuple([BatchDimension, z.number().int().positive()]),
      kind: z.literal('logits'),
    }),
    preprocessing: PreprocessingSchema,
    labels: AssetFileSchema.extend({ format: z.literal('wnid-label-lines') }),
  })
  .refine((card) => card.input.shape[2] === card.preprocessing.cropSize, {
    message: 'input height must equal preprocessing.cropSize',
    path: ['input', 'shape', 2],
  })
  .refine((card) => card.input.shape[3] === card.preprocessing.cropSize, {
    message: 'input width must equal preprocessing.cropSize',
    path: ['input', 'shape', 3],
  })
  .refine((card) => card.preprocessing.resizeShortSide >= card.preprocessing.cropSize, {
    message: 'resizeShortSide must be at least cropSize',
    path: ['preprocessing', 'resizeShortSide'],
  });

export type ModelCard = z.infer<typeof ModelCardSchema>;
export type Preprocessing = ModelCard['preprocessing'];

export type ParsedCard<T> = { ok: true; card: T } | { ok: false; problems: string };

/** Validates a parsed JSON value as a model card; problems are listed one per line. */
export function parseModelCard(json: unknown): ParsedCard<ModelCard> {
  const result = ModelCardSchema.safeParse(json);
  return result.success
    ? { ok: true, card: result.data }
    : { ok: false, problems: z.prettifyError(result.error) };
}

/** Number of classes the model's output has (the card's output shape [N, classes]). */
export function classCount(card: ModelCard): number {
  return card.output.shape[1];
}
