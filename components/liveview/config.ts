// com.custom.LiveView configuration (recipe DefaultConfiguration, read over IPC, live-updatable:
// live-view.ts applies each change without a restart).
import path from 'node:path';
import { z } from 'zod';
import { integerSetting, topicSetting } from '../runtime/settings.ts';

/** Image roots used when ImageRoots is empty, `:`-separated (the recipe's Setenv, as the classifier's). */
export const DEFAULT_IMAGE_ROOTS_ENV = 'DEFAULT_IMAGE_ROOTS';

/**
 * Next to the Greengrass LocalDebugConsole's 1441 (page) and 1442 (websocket), without taking
 * either (AWS's "Local debug console component" page, configuration `httpsPort`/`websocketPort`).
 */
export const DEFAULT_PORT = 1447;
export const DEFAULT_ADDRESS = '127.0.0.1';
/** Results kept and shown (the page's list, the server's memory). */
export const DEFAULT_HISTORY_SIZE = 100;
export const MAX_HISTORY_SIZE = 10_000;
/** Longest side of a thumbnail, in pixels. */
export const DEFAULT_THUMBNAIL_SIZE = 160;
/** The classifier's own defaults: an image it would refuse is not thumbnailed either. */
export const DEFAULT_MAX_IMAGE_BYTES = 20 * 1024 * 1024;
export const DEFAULT_MAX_IMAGE_PIXELS = 40_000_000;
/** A request with no reply after this is shown as `no-reply` (the requester's default timeout is 10 s). */
export const DEFAULT_REPLY_WAIT_MS = 60_000;
/** Browsers connected at once; one more is refused with 503. */
export const DEFAULT_MAX_CLIENTS = 8;
/** A token given in the configuration must be at least this long (a generated one has 32 hex digits). */
export const MIN_TOKEN_LENGTH = 16;

const absoluteRoot = z
  .string()
  .refine((value) => path.isAbsolute(value), 'ImageRoots entries must be absolute paths');

export const liveViewConfigSchema = z
  .object({
    RequestTopic: topicSetting.default('local/inference'),
    ResultTopic: topicSetting.default('local/result'),
    Address: z.string().min(1).default(DEFAULT_ADDRESS),
    Port: integerSetting(0, 65_535).default(DEFAULT_PORT),
    /** Empty: a new random token at every start, printed in the component's log. */
    Token: z
      .string()
      .refine((value) => value === '' || value.length >= MIN_TOKEN_LENGTH, {
        error: `Token must be empty (generated) or at least ${MIN_TOKEN_LENGTH} characters`,
      })
      .default(''),
    ImageRoots: z.array(absoluteRoot).default([]),
    HistorySize: integerSetting(1, MAX_HISTORY_SIZE).default(DEFAULT_HISTORY_SIZE),
    ThumbnailSize: integerSetting(16, 512).default(DEFAULT_THUMBNAIL_SIZE),
    MaxImageBytes: integerSetting(1, 256 * 1024 * 1024).default(DEFAULT_MAX_IMAGE_BYTES),
    MaxImagePixels: integerSetting(1, 1_000_000_000).default(DEFAULT_MAX_IMAGE_PIXELS),
    ReplyWaitMs: integerSetting(100, 10 * 60 * 1000).default(DEFAULT_REPLY_WAIT_MS),
    MaxClients: integerSetting(1, 64).default(DEFAULT_MAX_CLIENTS),
  })
  .transform((c) => ({
    requestTopic: c.RequestTopic,
    resultTopic: c.ResultTopic,
    address: c.Address,
    port: c.Port,
    token: c.Token,
    imageRoots: c.ImageRoots.length > 0 ? c.ImageRoots : defaultImageRoots(),
    historySize: c.HistorySize,
    thumbnailSize: c.ThumbnailSize,
    maxImageBytes: c.MaxImageBytes,
    maxImagePixels: c.MaxImagePixels,
    replyWaitMs: c.ReplyWaitMs,
    maxClients: c.MaxClients,
  }));

export type LiveViewConfig = z.output<typeof liveViewConfigSchema>;

function defaultImageRoots(): string[] {
  return (process.env[DEFAULT_IMAGE_ROOTS_ENV] ?? '')
    .split(path.delimiter)
    .filter((root) => path.isAbsolute(root));
}
