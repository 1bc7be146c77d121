// com.custom.requester configuration (recipe DefaultConfiguration, read over IPC).
import { z } from 'zod';
import { integerSetting, topicSetting } from '../runtime/settings.ts';

/** Where the recipe points when ImageDirectory is empty: the photos shipped in our artifacts. */
export const DEFAULT_IMAGE_DIRECTORY_ENV = 'DEFAULT_IMAGE_DIRECTORY';

/** Shortest pause between two requests. */
export const MIN_INTERVAL_MS = 10;
export const MAX_INTERVAL_MS = 24 * 60 * 60 * 1000;
export const MAX_REPLY_TIMEOUT_MS = 10 * 60 * 1000;

export const requesterConfigSchema = z
  .object({
    RequestTopic: topicSetting.default('local/inference'),
    ResultTopic: topicSetting.default('local/result'),
    ImageDirectory: z.string().default(''),
    Images: z.array(z.string().min(1)).min(1).default(['pelican.jpeg', 'cat.jpeg', 'dog.jpg', 'macaw.jpg']),
    IntervalMs: integerSetting(MIN_INTERVAL_MS, MAX_INTERVAL_MS).default(5_000),
    Count: integerSetting(0, Number.MAX_SAFE_INTEGER).default(0),
    ReplyTimeoutMs: integerSetting(100, MAX_REPLY_TIMEOUT_MS).default(10_000),
    /** Until the classifier has answered once, unanswered requests are sent again this often (0: never). */
    StartupRetryMs: integerSetting(0, MAX_REPLY_TIMEOUT_MS).default(1_000),
  })
  .transform((c) => ({
    requestTopic: c.RequestTopic,
    resultTopic: c.ResultTopic,
    imageDirectory: c.ImageDirectory,
    images: c.Images,
    intervalMs: c.IntervalMs,
    count: c.Count,
    replyTimeoutMs: c.ReplyTimeoutMs,
    startupRetryMs: c.StartupRetryMs,
  }));

export type RequesterConfig = z.output<typeof requesterConfigSchema>;
