// The README's table of limits says what the code does: every default figure is parsed and
// compared with the named constant (or schema default) it documents, and every row is checked.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_ASPECT_RATIO,
  DEFAULT_MAX_IMAGE_BYTES,
  DEFAULT_MAX_IMAGE_PIXELS,
} from '../../components/classifier/classifier-options.ts';
import { DEFAULT_CLOSE_GRACE_MS } from '../../components/classifier/inference/inference-host.ts';
import { MAX_INPUT_SIDE } from '../../components/classifier/model/model-card.ts';
import { MAX_IOT_CORE_MESSAGE_BYTES } from '../../components/classifier/service/cloud-results.ts';
import {
  classifierConfigSchema,
  DEFAULT_MAX_CONCURRENCY,
  DEFAULT_MAX_QUEUE,
  MAX_INFERENCE_INTERVAL_SECONDS,
} from '../../components/classifier/service/config.ts';
import { MODEL_COMPONENT_WAIT_MS } from '../../components/classifier/service/first-model.ts';
import { SHUTDOWN_DRAIN_MS } from '../../components/classifier/service/service.ts';
import { WATCH_IN_FLIGHT, WATCH_SETTLE_MS } from '../../components/classifier/service/watch-source.ts';
import { MAX_ERROR_MESSAGE_LENGTH, MAX_ID_LENGTH, MAX_TOP_K } from '../../components/contract/index.ts';
import { liveViewConfigSchema } from '../../components/liveview/config.ts';
import { MAX_CLIENT_BACKLOG_BYTES } from '../../components/liveview/event-stream.ts';
import { MAX_THUMBNAIL_QUEUE, THUMBNAIL_CACHE_ENTRIES } from '../../components/liveview/thumbnails.ts';
import { BUCKET_MS, BUCKETS, MAX_ERROR_CODES } from '../../components/liveview/traffic-stats.ts';
import { requesterConfigSchema } from '../../components/requester/config.ts';
import { DEFAULT_RECONNECT_BACKOFF } from '../../components/runtime/backoff.ts';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../../components/runtime/component.ts';
import { DEFAULT_CONNECTION_OPTIONS } from '../../components/runtime/ipc/connection.ts';
import {
  DEFAULT_MAX_ARCHIVE_ENTRIES,
  DEFAULT_MAX_ARCHIVE_UNCOMPRESSED_BYTES,
  MAX_LINK_TARGET_BYTES,
} from '../../emulator/deployment/zip-entry-policy.ts';
import { DEFAULT_SPOOL_LIMITS } from '../../emulator/iotcore/spool.ts';
import { DEFAULT_IPC_LIMITS } from '../../emulator/ipc/limits.ts';
import { DEFAULT_SOCKET_MODE } from '../../emulator/ipc/server.ts';
import { MAX_SOCKET_PATH_BYTES } from '../../emulator/ipc/socket-path.ts';
import { DEFAULT_ERROR_RESET_TIME_MS } from '../../emulator/lifecycle/error-budget.ts';
import { DEFAULT_STOP_GRACE_MS } from '../../emulator/lifecycle/shell-process.ts';
import { DEFAULT_STEP_TIMEOUTS_MS } from '../../emulator/lifecycle/step-timeouts.ts';
import { DEFAULT_LOG_FILE_SIZE_KB, DEFAULT_TOTAL_LOGS_SIZE_KB } from '../../emulator/logs/nucleus-logs.ts';
import { REPO_ROOT } from '../helpers/node-component.ts';

const classifierDefaults = classifierConfigSchema.parse({ ModelCard: '/models/card.json' });
const requesterDefaults = requesterConfigSchema.parse({});
const liveViewDefaults = liveViewConfigSchema.parse({});
const KIB = 1024;

/** Each documented limit and its value in the code: bytes, milliseconds or a plain count. */
const CODE: Readonly<Record<string, number>> = {
  MaxImageBytes: DEFAULT_MAX_IMAGE_BYTES,
  MaxImagePixels: DEFAULT_MAX_IMAGE_PIXELS,
  DEFAULT_MAX_ASPECT_RATIO,
  MaxQueue: DEFAULT_MAX_QUEUE,
  MaxConcurrency: DEFAULT_MAX_CONCURRENCY,
  InferenceThreads: classifierDefaults.inferenceThreads,
  IdleInferenceThreads: classifierDefaults.idleInferenceThreads,
  ModelCardPollInterval: classifierDefaults.modelCardPollMs,
  MAX_INPUT_SIDE,
  MODEL_COMPONENT_WAIT_MS,
  MAX_IOT_CORE_MESSAGE_BYTES,
  WATCH_SETTLE_MS,
  WATCH_IN_FLIGHT,
  MAX_INFERENCE_INTERVAL_SECONDS: MAX_INFERENCE_INTERVAL_SECONDS * 1000,
  'DEFAULT_SPOOL_LIMITS.maxMessages': DEFAULT_SPOOL_LIMITS.maxMessages,
  'DEFAULT_SPOOL_LIMITS.maxBytes': DEFAULT_SPOOL_LIMITS.maxBytes,
  MAX_TOP_K,
  MAX_ID_LENGTH,
  MAX_ERROR_MESSAGE_LENGTH,
  DEFAULT_CLOSE_GRACE_MS,
  ReplyTimeoutMs: requesterDefaults.replyTimeoutMs,
  IntervalMs: requesterDefaults.intervalMs,
  connectTimeoutMs: DEFAULT_CONNECTION_OPTIONS.connectTimeoutMs,
  DEFAULT_RECONNECT_BACKOFF: DEFAULT_RECONNECT_BACKOFF.initialDelayMs,
  reconnectGiveUpMs: DEFAULT_CONNECTION_OPTIONS.reconnectGiveUpMs,
  operationWaitMs: DEFAULT_CONNECTION_OPTIONS.operationWaitMs,
  operationTimeoutMs: DEFAULT_CONNECTION_OPTIONS.operationTimeoutMs,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  SHUTDOWN_DRAIN_MS,
  StartupRetryMs: requesterDefaults.startupRetryMs,
  HistorySize: liveViewDefaults.historySize,
  ReplyWaitMs: liveViewDefaults.replyWaitMs,
  MaxClients: liveViewDefaults.maxClients,
  MAX_THUMBNAIL_QUEUE,
  THUMBNAIL_CACHE_ENTRIES,
  MAX_CLIENT_BACKLOG_BYTES,
  BUCKETS: BUCKETS * BUCKET_MS,
  MAX_ERROR_CODES,
  ...DEFAULT_IPC_LIMITS,
  MAX_SOCKET_PATH_BYTES,
  DEFAULT_SOCKET_MODE,
  DEFAULT_MAX_ARCHIVE_ENTRIES,
  DEFAULT_MAX_ARCHIVE_UNCOMPRESSED_BYTES,
  MAX_LINK_TARGET_BYTES,
  DEFAULT_STOP_GRACE_MS,
  DEFAULT_ERROR_RESET_TIME_MS,
  'DEFAULT_STEP_TIMEOUTS_MS.shutdown': DEFAULT_STEP_TIMEOUTS_MS.shutdown,
  DEFAULT_LOG_FILE_SIZE_KB: DEFAULT_LOG_FILE_SIZE_KB * KIB,
  DEFAULT_TOTAL_LOGS_SIZE_KB: DEFAULT_TOTAL_LOGS_SIZE_KB * KIB,
};
/** Rows that document a measurement rather than a constant (asserted by the test that measures it). */
const MEASURED = new Set(['reply size']);

const UNITS: Readonly<Record<string, number>> = {
  B: 1,
  KiB: KIB,
  MiB: KIB ** 2,
  GiB: KIB ** 3,
  ms: 1,
  s: 1000,
  min: 60_000,
  h: 3_600_000,
};

/** `20 MiB` -> bytes, `10 s` -> ms, `0o660` -> 432, `64 requests` -> 64. */
function parseFigure(text: string): number {
  if (/^0o[0-7]+$/.test(text)) return Number.parseInt(text.slice(2), 8);
  const match = /^(\d+)(?:\s+(B|KiB|MiB|GiB|ms|s|min|h)\b)?/.exec(text);
  if (!match?.[1]) throw new Error(`cannot read the figure "${text}"`);
  return Number(match[1]) * (match[2] ? (UNITS[match[2]] as number) : 1);
}

function readmeRows(): Map<string, string> {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('## Limits\n');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    const name = cells[1]?.replace(/^`|`$/g, '');
    if (!name || name === 'limit' || name.startsWith('---')) continue;
    rows.set(name, cells[2] ?? '');
  }
  return rows;
}

describe('README limits table', () => {
  const rows = readmeRows();

  it.each(Object.entries(CODE))('%s: the documented default is the code’s (%d)', (name, value) => {
    const figure = rows.get(name);
    expect(figure, `no README row for ${name}`).toBeDefined();
    expect(parseFigure(figure as string)).toBe(value);
  });

  it('documents nothing the code does not have', () => {
    const unchecked = [...rows.keys()].filter((name) => !(name in CODE) && !MEASURED.has(name));
    expect(unchecked).toEqual([]);
  });
});
