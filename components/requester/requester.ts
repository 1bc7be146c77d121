// com.custom.requester: every IntervalMs sends the next image of Images as a request with an
// id, matches each reply by id and logs `result: <label>`, and reports replies that never
// came as timeouts instead of forgetting them. With Count > 0 it stops after Count requests
// have been answered or timed out.
//
// Delivery is at least once: a request without a reply is published again, same id, after
// StartupRetryMs, then after twice that, and so on until its ReplyTimeoutMs (the classifier may
// still be starting, since the nucleus starts both components at about the same time and a
// publish with no subscriber is dropped, or it was restarted with requests in flight). The
// classifier answers a copy of a request once (service/recent-requests.ts), and a reply to an
// id already settled is ignored here, so each request has exactly one outcome: a result, or a
// timeout once ReplyTimeoutMs has passed. Label-form replies carry no id, so with them copies
// are sent only until the classifier has answered once.

import path from 'node:path';
import type { RequestMessage } from '../contract/index.ts';
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
  /** Copies sent so far; the next waits StartupRetryMs x 2^resends. */
  resends: number;
}

export async function startRequester(context: ComponentContext<RequesterConfig>): Promise<RunningComponent> {
  const { logger } = context;
  const pending = new PendingReplies<SentRequest>();
  const runId = Date.now().toString(36);
  let sent = 0;
  let sendTimer: NodeJS.Timeout | undefined;
  let stopped = false;
  let classifierAnswered = false;
  let labelRepliesSeen = false;

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
    if (reply.kind === 'label') labelRepliesSeen = true;
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
    // small JSON limits (docs/nucleus-flavours.md).
    await context.publish(config().requestTopic, { kind: 'binary', bytes: request.payload });
  };

  const resendUnanswered = (nowMs: number): void => {
    const retryMs = config().startupRetryMs;
    if (retryMs === 0 || (labelRepliesSeen && classifierAnswered)) return;
    for (const waiting of pending.list()) {
      const { entry } = waiting;
      if (nowMs - entry.lastSentAtMs < retryMs * 2 ** entry.resends) continue;
      entry.resends += 1;
      logger.info(
        { id: waiting.id, fname: entry.fname, resends: entry.resends },
        `resend: no reply yet to ${waiting.id}, sending it again`,
      );
      publishRequest(entry).catch((error: unknown) =>
        logger.warn({ id: waiting.id, err: String(error) }, `request not sent again: ${waiting.id}`),
      );
    }
  };

  const sweep = setInterval(() => {
    const nowMs = Date.now();
    resendUnanswered(nowMs);
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
    const request: RequestMessage = { id, image_dir: resolveImageDirectory(imageDirectory), fname };
    sent += 1;
    const entry: SentRequest = {
      fname,
      payload: Buffer.from(JSON.stringify(request)),
      lastSentAtMs: Date.now(),
      resends: 0,
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
