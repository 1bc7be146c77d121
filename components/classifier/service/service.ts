// com.custom.ImageClassifier on Greengrass IPC. One request's journey:
//   parse (INVALID_REQUEST, UNSUPPORTED_IMAGE, IMAGE_TOO_LARGE)
//   -> a copy of a request seen lately (same id) is not classified again (recent-requests.ts)
//   -> admit to the bounded queue (BUSY at once when full)
//   -> resolve the path against ImageRoots (PATH_NOT_ALLOWED, IMAGE_NOT_FOUND)
//   -> classify: read, decode, infer (IMAGE_*, UNSUPPORTED_IMAGE, CORRUPT_IMAGE, INTERNAL)
//   -> reply on ResultTopic, exactly once per request.
import { randomUUID } from 'node:crypto';
import type {
  ComponentContext,
  IncomingMessage,
  RunningComponent,
  Subscription,
} from '../../runtime/index.ts';
import { describeError } from '../../runtime/index.ts';
import { ClassifierError, toClassifierError } from '../error-codes.ts';
import { buildErrorReply, type Reply } from '../reply.ts';
import { type ClassifierConfig, engineSettingsKey } from './config.ts';
import { type Engine, loadEngine } from './engine.ts';
import { createImagePathPolicy, type ImagePathPolicy } from './path-policy.ts';
import { RecentRequests } from './recent-requests.ts';
import { encodeReply, finalizeReply } from './reply-payload.ts';
import { type ClassifyRequest, parseRequest } from './request.ts';
import { WorkQueue } from './work-queue.ts';

/** How long a stopping classifier keeps classifying queued requests before answering the rest BUSY. */
export const SHUTDOWN_DRAIN_MS = 2_000;

export async function startClassifierService(
  context: ComponentContext<ClassifierConfig>,
): Promise<RunningComponent> {
  const { logger } = context;
  const config = (): ClassifierConfig => context.config.current;
  const buildPolicy = (roots: readonly string[]): Promise<ImagePathPolicy> =>
    createImagePathPolicy(roots, (root, reason) =>
      logger.warn({ root, reason }, 'ImageRoots entry is not usable'),
    );

  // The model loads while we subscribe: requests that arrive meanwhile wait in the bounded queue
  // instead of being lost (the requester may start at the same moment as we do).
  const firstEngine = loadEngine(config(), engineSettingsKey(config()), logger);
  firstEngine.catch(() => undefined); // handled below, after subscribing
  let engine: Engine | undefined;
  const currentEngine = (): Promise<Engine> => (engine ? Promise.resolve(engine) : firstEngine);
  let policy = await buildPolicy(config().imageRoots);
  const queue = new WorkQueue(() => config());
  let accepting = true;
  // Replies being published, so shutdown can wait for every one (nothing lost silently).
  const publishing = new Set<Promise<void>>();
  const recent = new RecentRequests();

  const reply = (result: Reply, receivedAt: number, queueMs = 0): Promise<void> => {
    recent.answered(result.id, result, Date.now());
    const sending = publishReply(result, receivedAt, queueMs).finally(() => publishing.delete(sending));
    publishing.add(sending);
    return sending;
  };

  const publishReply = async (result: Reply, receivedAt: number, queueMs: number): Promise<void> => {
    const current = config();
    const final = finalizeReply(result, current.scoreThreshold, {
      queueMs,
      totalMs: performance.now() - receivedAt,
    });
    logReply(final);
    try {
      await context.publish(current.resultTopic, {
        kind: 'binary',
        bytes: encodeReply(final, current.resultFormat),
      });
    } catch (error) {
      logger.error(
        { id: final.id, err: describeError(error) },
        `reply lost: could not publish the reply to ${final.id}`,
      );
    }
  };

  const logReply = (final: Reply): void => {
    if (final.status === 'ok') {
      logger.info(
        { id: final.id, index: final.index, probability: final.probability, timings: final.timings },
        `result: ${final.label}`,
      );
    } else {
      logger.warn(
        { id: final.id, code: final.error.code, error: final.error.message },
        `result: error ${final.error.code}`,
      );
    }
  };

  const classify = async (request: ClassifyRequest, receivedAt: number): Promise<void> => {
    const queueMs = performance.now() - receivedAt;
    let result: Reply;
    try {
      const options = { id: request.id, topK: request.topK ?? config().topK };
      const { source } = request;
      result =
        source.kind === 'path'
          ? await policy
              .resolve(source.path)
              .then(async (real) =>
                (await currentEngine()).use((c) =>
                  c.classifyFile(real, { ...options, checkOpened: policy.checkOpened }),
                ),
              )
          : await (await currentEngine()).use((c) => c.classifyBytes(source.bytes, options));
    } catch (error) {
      result = buildErrorReply(request.id, toClassifierError(error));
    }
    await reply(result, receivedAt, queueMs);
  };

  const onRequest = (message: IncomingMessage): void => {
    const receivedAt = performance.now();
    const parsed = parseRequest(message, config(), randomUUID);
    if (!parsed.ok) {
      void reply(buildErrorReply(parsed.id, parsed.error), receivedAt);
      return;
    }
    const { request } = parsed;
    const seen = recent.admit(request.id, Date.now());
    if (seen.kind === 'classifying') {
      logger.debug(
        { id: request.id },
        'request sent again while it is being classified: the first will answer',
      );
      return;
    }
    if (seen.kind === 'answered') {
      logger.info({ id: request.id }, 'request sent again after it was answered: the same reply again');
      void reply(seen.reply, receivedAt);
      return;
    }
    logger.info({ id: request.id, image: describeSource(request) }, 'request');
    if (!accepting) {
      void reply(busy(request.id, 'the classifier is shutting down'), receivedAt);
    } else if (
      !queue.tryAdmit(
        () => classify(request, receivedAt),
        () => void reply(busy(request.id, 'the classifier is shutting down'), receivedAt),
      )
    ) {
      void reply(
        busy(request.id, `${queue.size} requests already queued (MaxQueue ${config().maxQueue})`),
        receivedAt,
      );
    }
  };

  let subscription: Subscription = await context.subscribe(config().requestTopic, onRequest);
  try {
    engine = await firstEngine;
  } catch (error) {
    // Requests that arrived during the load are answered (INTERNAL) before we give up.
    accepting = false;
    await subscription.close();
    await queue.whenIdle();
    await Promise.all(publishing);
    throw error;
  }
  let policyRoots = config().imageRoots;

  // Changes apply one after another, each against what the previous one left in place, so two
  // quick updates cannot both replace (and leak) the same engine or leave a stale one installed.
  let applying: Promise<void> = Promise.resolve();
  const removeConfigListener = context.config.onChange((next) => {
    applying = applying
      .then(() => applyConfigChange(next))
      .catch((error: unknown) =>
        logger.error(
          { err: describeError(error) },
          'could not apply the configuration change; keeping the previous engine',
        ),
      );
  });
  const applyConfigChange = async (next: ClassifierConfig): Promise<void> => {
    if (next.imageRoots.join('\0') !== policyRoots.join('\0')) {
      policy = await buildPolicy(next.imageRoots);
      policyRoots = next.imageRoots;
    }
    if (next.requestTopic !== subscription.topic && accepting) {
      const old = subscription;
      subscription = await context.subscribe(next.requestTopic, onRequest);
      await old.close();
    }
    const key = engineSettingsKey(next);
    const old = await currentEngine();
    if (key !== old.settingsKey) {
      engine = await loadEngine(next, key, logger);
      void old.retire();
    }
  };

  return {
    async stop() {
      accepting = false;
      removeConfigListener();
      await applying;
      await subscription.close();
      // Queued requests are classified for up to SHUTDOWN_DRAIN_MS; whatever has not started by
      // then is answered BUSY, so the drain fits in the nucleus's stop grace period (SIGTERM to
      // SIGKILL) whatever MaxQueue is and however slow the device.
      logger.info({ inFlight: queue.size }, 'finishing requests in flight');
      const drainDeadline = setTimeout(() => {
        const cancelled = queue.cancelWaiting();
        logger.warn(
          { answeredBusy: cancelled, drainMs: SHUTDOWN_DRAIN_MS },
          'drain time is up; answered the rest BUSY',
        );
      }, SHUTDOWN_DRAIN_MS);
      await queue.whenIdle();
      clearTimeout(drainDeadline);
      await Promise.all(publishing);
      await (await currentEngine()).retire();
    },
  };
}

function busy(id: string, why: string): Reply {
  return buildErrorReply(id, new ClassifierError('BUSY', `busy: ${why}; try again later`));
}

function describeSource(request: ClassifyRequest): string {
  const { source } = request;
  return source.kind === 'path' ? source.path : `${source.via} image of ${source.bytes.length} bytes`;
}
