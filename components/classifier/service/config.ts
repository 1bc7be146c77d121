// com.custom.ImageClassifier configuration (recipe DefaultConfiguration, read over IPC and
// live-updatable). Paths that depend on where the component is installed come from the
// environment the recipe's Setenv gives (recipe variables are interpolated in lifecycle
// Setenv, not in DefaultConfiguration: AWS's component recipe reference, "Recipe variables",
// and docs/nucleus-flavours.md).
import path from 'node:path';
import { z } from 'zod';
import { MAX_TOP_K } from '../../contract/index.ts';
import { integerSetting, numberSetting, topicSetting } from '../../runtime/settings.ts';
import {
  DEFAULT_IDLE_INTRA_OP_THREADS,
  DEFAULT_INTRA_OP_THREADS,
  DEFAULT_MAX_ASPECT_RATIO,
  DEFAULT_MAX_BATCH_SIZE,
  DEFAULT_MAX_IMAGE_BYTES,
  DEFAULT_MAX_IMAGE_PIXELS,
  DEFAULT_TOP_K,
  MAX_INTRA_OP_THREADS,
} from '../classifier-options.ts';
import type { ImageLimits } from '../classify-image.ts';
import { componentCardPath } from '../model/model-component-layout.ts';
import type { ModelSettings } from '../model/running-model.ts';
import { RESULT_FORMATS } from '../reply.ts';
import { MODEL_COMPONENT_WAIT_MS } from './first-model.ts';

/** Folder of model cards; a ModelCard that is a name (not a path) is `<MODELS_DIR>/<name>.json`. */
export const MODELS_DIR_ENV = 'MODELS_DIR';
/**
 * Where model components keep their current model (`<root>/work`, from the recipe's Setenv): a
 * ModelCard `component:<name>` is `<MODEL_COMPONENTS_DIR>/<name>/model/card.json`, the link a
 * model component's install step points at its own version (scripts/model/model-component-recipe.ts).
 */
export const MODEL_COMPONENTS_DIR_ENV = 'MODEL_COMPONENTS_DIR';
/** The component's work folder (`{work:path}`, from the recipe's Setenv); else the working directory. */
export const COMPONENT_WORK_DIR_ENV = 'COMPONENT_WORK_DIR';
export const COMPONENT_CARD_PREFIX = 'component:';
/** How often the card's real path and modification time are checked for a new model (seconds). */
export const DEFAULT_MODEL_CARD_POLL_SECONDS = 5;
export const MAX_MODEL_CARD_POLL_SECONDS = 3600;
/** Image roots used when ImageRoots is empty, separated by the platform's path delimiter (`:`). */
export const DEFAULT_IMAGE_ROOTS_ENV = 'DEFAULT_IMAGE_ROOTS';
export const DEFAULT_MODEL_CARD = 'mobilenetv2-12-int8';

/** QoS of messages to AWS IoT Core: 1, delivered at least once (and spooled while offline). */
export const DEFAULT_IOT_CORE_QOS = 1;
/** Longest InferenceInterval: a day. */
export const MAX_INFERENCE_INTERVAL_SECONDS = 86_400;
const optionalTopic = z.union([z.literal(''), topicSetting]);

/** Requests waiting or being classified before new ones are answered BUSY. */
export const DEFAULT_MAX_QUEUE = 64;
export const MAX_MAX_QUEUE = 100_000;
/**
 * Requests preprocessed/inferred at the same time: overlaps decoding with inference and lets
 * batches form. Measured on 2 cores (npm run bench): 8 keeps both cores busy where 4 leaves
 * gaps (131-148 against 101-119 photos/s, and less CPU per request).
 */
export const DEFAULT_MAX_CONCURRENCY = 8;
export const MAX_MAX_CONCURRENCY = 64;
/** Encoded bytes hard ceiling any configuration may ask for (a frame cannot carry more anyway). */
export const MAX_MAX_IMAGE_BYTES = 256 * 1024 * 1024;
export const MAX_MAX_IMAGE_PIXELS = 1_000_000_000;

const absolutePath = (key: string) =>
  z
    .string()
    .refine((value) => value === '' || path.isAbsolute(value), `${key} entries must be absolute paths`);

/** A model card name (a file in MODELS_DIR), an absolute path to a card, or `component:<name>`. */
const modelCardSetting = z
  .string()
  .min(1)
  .refine(
    (value) => path.isAbsolute(value) || /^(component:)?[\w.-]+$/.test(value),
    'ModelCard must be a card name, an absolute path or component:<model component name>',
  );

export const classifierConfigSchema = z
  .object({
    RequestTopic: topicSetting.default('local/inference'),
    ResultTopic: topicSetting.default('local/result'),
    ModelCard: modelCardSetting.default(DEFAULT_MODEL_CARD),
    TopK: integerSetting(1, MAX_TOP_K).default(DEFAULT_TOP_K),
    ScoreThreshold: numberSetting(0, 1).default(0),
    ImageRoots: z.array(absolutePath('ImageRoots')).default([]),
    MaxImageBytes: integerSetting(1, MAX_MAX_IMAGE_BYTES).default(DEFAULT_MAX_IMAGE_BYTES),
    MaxImagePixels: integerSetting(1, MAX_MAX_IMAGE_PIXELS).default(DEFAULT_MAX_IMAGE_PIXELS),
    MaxQueue: integerSetting(1, MAX_MAX_QUEUE).default(DEFAULT_MAX_QUEUE),
    MaxConcurrency: integerSetting(1, MAX_MAX_CONCURRENCY).default(DEFAULT_MAX_CONCURRENCY),
    InferenceThreads: integerSetting(1, MAX_INTRA_OP_THREADS).default(DEFAULT_INTRA_OP_THREADS),
    IdleInferenceThreads: integerSetting(1, MAX_INTRA_OP_THREADS).default(DEFAULT_IDLE_INTRA_OP_THREADS),
    ResultFormat: z.enum(RESULT_FORMATS).default('json'),
    IoTCoreTopic: optionalTopic.default(''),
    IoTCoreQos: integerSetting(0, 1).default(DEFAULT_IOT_CORE_QOS),
    // The keys of AWS's image-classification components, with their meaning (README,
    // "Replacing AWS's image-classification components").
    PublishResultsOnTopic: optionalTopic.default(''),
    ImageDirectory: z
      .string()
      .refine((value) => value === '' || path.isAbsolute(value), 'ImageDirectory must be an absolute path')
      .default(''),
    ImageName: z
      .string()
      .regex(/^[^/]*$/, 'ImageName must be a file name')
      .default(''),
    InferenceInterval: numberSetting(0, MAX_INFERENCE_INTERVAL_SECONDS).default(0),
    WatchDirectory: absolutePath('WatchDirectory').default(''),
    WatchAfter: z.enum(['keep', 'delete', 'move']).default('keep'),
    WatchMoveTo: absolutePath('WatchMoveTo').default(''),
    ModelCardPollInterval: numberSetting(0, MAX_MODEL_CARD_POLL_SECONDS).default(
      DEFAULT_MODEL_CARD_POLL_SECONDS,
    ),
  })
  .transform((c) => ({
    requestTopic: c.RequestTopic,
    resultTopic: c.ResultTopic,
    modelCardPath: resolveModelCard(c.ModelCard),
    /** At start, how long to wait for a card that is not there yet: only a model component's. */
    modelCardWaitMs: c.ModelCard.startsWith(COMPONENT_CARD_PREFIX) ? MODEL_COMPONENT_WAIT_MS : 0,
    topK: c.TopK,
    scoreThreshold: c.ScoreThreshold,
    imageRoots: (c.ImageRoots.length > 0 ? c.ImageRoots : defaultImageRoots()).filter((root) => root !== ''),
    maxImageBytes: c.MaxImageBytes,
    maxImagePixels: c.MaxImagePixels,
    maxQueue: c.MaxQueue,
    maxConcurrency: c.MaxConcurrency,
    inferenceThreads: c.InferenceThreads,
    idleInferenceThreads: c.IdleInferenceThreads,
    resultFormat: c.ResultFormat,
    /** AWS IoT Core topics: ours in ResultFormat (JSON with thingName), AWS's key in their envelope. */
    cloudTopics: cloudTopicsOf(c.IoTCoreTopic, c.PublishResultsOnTopic),
    iotCoreQos: c.IoTCoreQos as 0 | 1,
    /** A file classified every `intervalMs` (AWS's ImageDirectory + ImageName + InferenceInterval). */
    intervalSource:
      c.ImageDirectory !== '' && c.ImageName !== '' && c.InferenceInterval > 0
        ? { directory: c.ImageDirectory, file: c.ImageName, intervalMs: c.InferenceInterval * 1000 }
        : undefined,
    /** Images appearing in a folder, classified once each (watch-source.ts). */
    watchSource:
      c.WatchDirectory === ''
        ? undefined
        : { directory: c.WatchDirectory, after: c.WatchAfter, moveTo: c.WatchMoveTo },
    /** 0: the card is not watched. */
    modelCardPollMs: c.ModelCardPollInterval * 1000,
  }))
  .refine((c) => c.watchSource?.after !== 'move' || c.watchSource.moveTo !== '', {
    message: 'WatchAfter "move" needs WatchMoveTo (an absolute folder)',
    path: ['WatchMoveTo'],
  })
  .refine((c) => c.modelCardPath !== '', {
    message: `ModelCard needs ${MODELS_DIR_ENV} (a card name) or ${MODEL_COMPONENTS_DIR_ENV} (component:<name>), which is not set: give an absolute path`,
    path: ['ModelCard'],
  });

export type ClassifierConfig = z.output<typeof classifierConfigSchema>;

export interface CloudTopic {
  readonly topic: string;
  readonly format: 'own' | 'aws';
}

function cloudTopicsOf(own: string, aws: string): CloudTopic[] {
  return [
    ...(own === '' ? [] : [{ topic: own, format: 'own' as const }]),
    ...(aws === '' ? [] : [{ topic: aws, format: 'aws' as const }]),
  ];
}

/** What the model is started with; a change of any of these starts a new model (and its worker). */
export function modelSettingsOf(config: ClassifierConfig): ModelSettings {
  return {
    modelCardPath: config.modelCardPath,
    intraOpThreads: config.inferenceThreads,
    loneItemThreads: config.idleInferenceThreads,
    maxBatchSize: DEFAULT_MAX_BATCH_SIZE,
  };
}

/** The limits each request is checked against, read when it starts (a change applies at once). */
export function imageLimitsOf(config: ClassifierConfig): ImageLimits {
  return {
    maxImageBytes: config.maxImageBytes,
    maxImagePixels: config.maxImagePixels,
    maxAspectRatio: DEFAULT_MAX_ASPECT_RATIO,
  };
}

function resolveModelCard(card: string): string {
  if (path.isAbsolute(card)) return card;
  if (card.startsWith(COMPONENT_CARD_PREFIX)) {
    const componentsDir = process.env[MODEL_COMPONENTS_DIR_ENV];
    const component = card.slice(COMPONENT_CARD_PREFIX.length);
    return componentsDir ? componentCardPath(componentsDir, component) : '';
  }
  const modelsDir = process.env[MODELS_DIR_ENV];
  return modelsDir ? path.join(modelsDir, `${card}.json`) : '';
}

function defaultImageRoots(): string[] {
  return (process.env[DEFAULT_IMAGE_ROOTS_ENV] ?? '')
    .split(path.delimiter)
    .filter((root) => path.isAbsolute(root));
}
