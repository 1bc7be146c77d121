// com.custom.requester: every IntervalMs sends the next image of Images as a request with an
// id, matches each reply by id and logs `result: <label>`, and reports replies that never
// came as timeouts instead of forgetting them. With Count > 0 it stops after Count requests
// have been answered or timed out.
//
// Until the first reply arrives the classifier may still be starting (the nucleus starts both
// components at about the same time, and a publish with no subscriber is dropped), so requests
// still unanswered are published again, same id, every StartupRetryMs; once the classifier has
// answered once, a missing reply is a real loss and is reported as a timeout.
import path from 'node:path';
import type { ComponentContext, RunningComponent } from '../runtime/index.ts';
import { DEFAULT_IMAGE_DIRECTORY_ENV, type RequesterConfig } from './config.ts';
import { PendingReplies } from './pending-replies.ts';
import { parseReply } from './reply.ts';

/** How often unanswered requests are checked against their deadline. */
export const TIMEOUT_SWEEP_INTERVAL_MS = 250;

interface SentRequest {
  readonly fname: string;
  readonly payload: Buffer;
  lastSentAtMs: number;
}

export async function startRequester(context: ComponentContext<RequesterConfig>): Promise<RunningComponent> {
  const { logger } = context;
  const pending = new PendingReplies<SentRequest>();
  const runId = Date.now().toString(36);
  let sent = 0;
  let sendTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  let classifierAnswered = false;

  const config = (): RequesterConfig => context.config.current;
  const finishedSending = (): boolean => config().count > 0 && sent >= config().count;
  const maybeFinish = (): void => {
    if (finishedSending() && pending.size === 0)
      context.requestStop(`sent ${sent} requests and settled every reply`);
  };

  const subscription = await context.subscribe(config().resultTopic, (message) => {
    const reply = parseReply(message);
    if (reply.kind === 'invalid') {
      logger.warn({ topic: message.topic, reason: reply.reason }, 'ignored a message on the result topic');
      return;
    }
    const request =
      reply.kind === 'label' ? pending.takeOldest() : reply.id ? pending.take(reply.id) : undefined;
    if (!request) {
      logger.debug({ reply }, 'reply for a request this requester did not send (or answered already)');
      return;
    }
    classifierAnswered = true;
    const latencyMs = Date.now() - request.sentAtMs;
    const fields = { id: request.id, fname: request.entry.fname, latencyMs };
    if (reply.kind === 'error') {
      logger.warn({ ...fields, code: reply.code, error: reply.message }, `result: error ${reply.code}`);
    } else {
      logger.info(
        { ...fields, probability: reply.kind === 'ok' ? reply.probability : undefined },
        `result: ${reply.label}`,
      );
    }
    maybeFinish();
  });

  const publishRequest = async (request: SentRequest): Promise<void> => {
    request.lastSentAtMs = Date.now();
    // A binary message of UTF-8 JSON: what greengrass-cli sends, and safe under nucleus lite's
    // small JSON limits (nucleus-lite-compat.md).
    await context.publish(config().requestTopic, { kind: 'binary', bytes: request.payload });
  };

  const resendWhileClassifierStarts = (nowMs: number): void => {
    const retryMs = config().startupRetryMs;
    if (classifierAnswered || retryMs === 0) return;
    for (const waiting of pending.list()) {
      if (nowMs - waiting.entry.lastSentAtMs < retryMs) continue;
      logger.info(
        { id: waiting.id, fname: waiting.entry.fname },
        `request: no reply yet, sending ${waiting.id} again`,
      );
      publishRequest(waiting.entry).catch((error: unknown) =>
        logger.warn({ id: waiting.id, err: String(error) }, `request not sent again: ${waiting.id}`),
      );
    }
  };

  const sweep = setInterval(() => {
    const nowMs = Date.now();
    resendWhileClassifierStarts(nowMs);
    for (const lost of pending.expire(nowMs)) {
      logger.error(
        { id: lost.id, fname: lost.entry.fname, timeoutMs: lost.deadlineMs - lost.sentAtMs },
        `timeout: no reply for ${lost.id} (${lost.entry.fname})`,
      );
    }
    maybeFinish();
  }, TIMEOUT_SWEEP_INTERVAL_MS);

  const sendNext = async (): Promise<void> => {
    const { images, imageDirectory, replyTimeoutMs } = config();
    const fname = images[sent % images.length] ?? images[0] ?? '';
    const id = `req-${runId}-${sent + 1}`;
    const request = { id, image_dir: resolveImageDirectory(imageDirectory), fname };
    sent += 1;
    const entry: SentRequest = {
      fname,
      payload: Buffer.from(JSON.stringify(request)),
      lastSentAtMs: Date.now(),
    };
    pending.add(id, entry, entry.lastSentAtMs, replyTimeoutMs);
    logger.info({ id, fname }, `request: ${JSON.stringify(request)}`);
    try {
      await publishRequest(entry);
    } catch (error) {
      pending.take(id);
      logger.error({ id, fname, err: String(error) }, `request not sent: ${id}`);
    }
  };

  const schedule = (delayMs: number): void => {
    if (stopped || finishedSending()) return;
    sendTimer = setTimeout(() => {
      void sendNext().finally(() => {
        maybeFinish();
        schedule(config().intervalMs);
      });
    }, delayMs);
  };
  schedule(0);

  return {
    async stop() {
      stopped = true;
      clearTimeout(sendTimer);
      clearInterval(sweep);
      await subscription.close();
      for (const unanswered of pending.drain()) {
        logger.warn(
          { id: unanswered.id, fname: unanswered.entry.fname },
          `unanswered at shutdown: ${unanswered.id}`,
        );
      }
      logger.info({ sent }, 'requester stopped');
    },
  };
}

function resolveImageDirectory(configured: string): string {
  const directory = configured || process.env[DEFAULT_IMAGE_DIRECTORY_ENV] || process.cwd();
  return path.resolve(directory);
}
