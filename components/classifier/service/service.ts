// com.custom.ImageClassifier on Greengrass IPC. One request's journey:
//   parse (request.ts: INVALID_REQUEST, UNSUPPORTED_IMAGE)
//   -> admit: a copy of a request seen lately is not classified again (recent-requests.ts), and
//      the bounded queue takes it or it is answered BUSY at once (work-queue.ts)
//   -> classifyImage (../classify-image.ts): resolve against ImageRoots, read, decode, infer
//   -> reply on ResultTopic, exactly once per request.
// The configuration in force (topics, roots, limits, model) is one value, `serving`, replaced
// whole when a live update has been applied in full, and left as it was when any part fails.
// The model card is looked at every ModelCardPollInterval seconds (card-watch.ts): when it
// changed (a model component's new version, an edited card), the new model is loaded and swapped
// in the same way, without restarting the component.
import { randomUUID } from 'node:crypto';
import type { Reply } from '../../contract/index.ts';
import { createImagePathPolicy, type ImagePathPolicy } from '../../image-files/path-policy.ts';
import type {
  ComponentContext,
  IncomingMessage,
  RunningComponent,
  Subscription,
} from '../../runtime/index.ts';
import { describeError } from '../../runtime/index.ts';
import { classifyImage } from '../classify-image.ts';
import { ClassifierError, toClassifierError } from '../error-codes.ts';
import type { ImageInput } from '../image-input/read-image.ts';
import { type RunningModel, sameModelSettings } from '../model/running-model.ts';
import { configureDecoder } from '../preprocess/decode-image.ts';
import { buildErrorReply, encodeReply } from '../reply.ts';
import { publishToCloud } from './cloud-results.ts';
import { type ClassifierConfig, COMPONENT_WORK_DIR_ENV, imageLimitsOf, modelSettingsOf } from './config.ts';
import { startFirstModel } from './first-model.ts';
import { watchModelCard } from './model-card-watch.ts';
import { RecentRequests } from './recent-requests.ts';
import { type ClassifyRequest, parseRequest } from './request.ts';
import { acceptsRequests, nextServiceState, type ServiceEvent, type ServiceState } from './service-state.ts';
import { ConfiguredSources } from './sources.ts';
import { startServingModel } from './start-serving-model.ts';
import { WorkQueue } from './work-queue.ts';

/** How long a stopping classifier keeps classifying queued requests before answering the rest BUSY. */
export const SHUTDOWN_DRAIN_MS = 2_000;

/** Everything a configuration decides, in force together. */
interface Serving {
  readonly config: ClassifierConfig;
  readonly policy: ImagePathPolicy;
  readonly subscription: Subscription;
  /** Undefined only while the first model loads. */
  readonly model: RunningModel | undefined;
}

export async function startClassifierService(
  context: ComponentContext<ClassifierConfig>,
): Promise<RunningComponent> {
  const { logger } = context;
  configureDecoder();
  let state: ServiceState = 'loading';
  const move = (event: ServiceEvent): void => {
    state = nextServiceState(state, event);
  };
  const buildPolicy = (roots: readonly string[]): Promise<ImagePathPolicy> =>
    createImagePathPolicy(roots, (root, reason) =>
      logger.warn({ root, reason }, 'ImageRoots entry is not usable'),
    );

  // The model loads while we subscribe: requests that arrive meanwhile wait in the bounded queue
  // instead of being lost (the requester may start at the same moment as we do).
  const initial = context.config.current;
  const firstModel = startFirstModel(modelSettingsOf(initial), initial.modelCardWaitMs, logger);
  firstModel.catch(() => undefined); // handled below, after subscribing
  const queue = new WorkQueue(() => serving.config);
  // Replies being published, so shutdown can wait for every one (nothing lost silently).
  const publishing = new Set<Promise<void>>();
  const recent = new RecentRequests();
  // The nucleus tells every component its device's thing name (docs/ipc-protocol.md#component-environment).
  const thingName = process.env.AWS_IOT_THING_NAME || undefined;

  const send = (reply: Reply): Promise<void> => {
    recent.answered(reply.id, reply, Date.now());
    const sending = publishReply(reply).finally(() => publishing.delete(sending));
    publishing.add(sending);
    return sending;
  };

  const publishReply = async (reply: Reply): Promise<void> => {
    logReply(reply);
    const { config } = serving;
    const local = context
      .publish(config.resultTopic, {
        kind: 'binary',
        bytes: encodeReply(reply, config.resultFormat, config),
      })
      .catch((error: unknown) =>
        logger.error(
          { id: reply.id, err: describeError(error) },
          `reply lost: could not publish the reply to ${reply.id}`,
        ),
      );
    await Promise.all([local, publishToCloud(reply, config, thingName, context.publishToIotCore, logger)]);
  };

  const logReply = (reply: Reply): void => {
    if (reply.status === 'ok') {
      logger.info(
        { id: reply.id, index: reply.index, probability: reply.probability, timings: reply.timings },
        `result: ${reply.label}`,
      );
    } else {
      logger.warn(
        { id: reply.id, code: reply.error.code, error: reply.error.message },
        `result: error ${reply.error.code}`,
      );
    }
  };

  const classifyRequest = async (
    request: ClassifyRequest,
    receivedAt: number,
    policy: ImagePathPolicy = serving.policy,
  ): Promise<Reply> => {
    const { config } = serving;
    let reply: Reply;
    try {
      const model = serving.model ?? (await firstModel);
      const { source } = request;
      const input: ImageInput = source.kind === 'path' ? { kind: 'path', path: source.path, policy } : source;
      const call = {
        id: request.id,
        topK: request.topK ?? config.topK,
        scoreThreshold: config.scoreThreshold,
        limits: imageLimitsOf(config),
        receivedAt,
      };
      reply = await classifyImage(input, call, model);
    } catch (error) {
      reply = buildErrorReply(request.id, toClassifierError(error));
    }
    await send(reply);
    return reply;
  };

  const onRequest = (message: IncomingMessage): void => {
    const receivedAt = performance.now();
    const parsed = parseRequest(message, randomUUID);
    if (!parsed.ok) {
      void send(buildErrorReply(parsed.id, parsed.error));
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
      void send(seen.reply);
      return;
    }
    logger.info({ id: request.id, image: describeSource(request) }, 'request');
    admit(request, receivedAt);
  };

  /** Queues a request, or answers it BUSY at once. */
  const admit = (request: ClassifyRequest, receivedAt: number, policy?: ImagePathPolicy): void => {
    const shuttingDown = () => void send(busy(request.id, 'the classifier is shutting down'));
    if (!acceptsRequests(state)) shuttingDown();
    else if (
      !queue.tryAdmit(() => classifyRequest(request, receivedAt, policy).then(() => undefined), shuttingDown)
    ) {
      void send(
        busy(request.id, `${queue.size} requests already queued (MaxQueue ${serving.config.maxQueue})`),
      );
    }
  };

  /** Admits a request of the component's own sources and resolves with its reply once sent. */
  const classifyOwn = (request: ClassifyRequest, policy: ImagePathPolicy): Promise<Reply> =>
    new Promise<Reply>((resolve) => {
      const answer = (reply: Reply) => void send(reply).then(() => resolve(reply));
      const shuttingDown = () => answer(busy(request.id, 'the classifier is shutting down'));
      const run = async () => resolve(await classifyRequest(request, performance.now(), policy));
      if (!acceptsRequests(state)) shuttingDown();
      else if (!queue.tryAdmit(run, shuttingDown))
        answer(
          busy(request.id, `${queue.size} requests already queued (MaxQueue ${serving.config.maxQueue})`),
        );
    });
  const sources = new ConfiguredSources({
    logger,
    workDir: process.env[COMPONENT_WORK_DIR_ENV] || process.cwd(),
    buildPolicy,
    classify: classifyOwn,
  });

  let serving: Serving = {
    config: initial,
    policy: await buildPolicy(initial.imageRoots),
    subscription: await context.subscribe(initial.requestTopic, onRequest),
    model: undefined,
  };
  try {
    serving = { ...serving, model: await firstModel };
    move('model-ready');
    await sources.apply(initial);
  } catch (error) {
    // Requests that arrived during the load are answered (INTERNAL) before we give up.
    move('model-failed');
    await serving.subscription.close();
    await queue.whenIdle();
    await Promise.all(publishing);
    move('drained');
    throw error;
  }

  // Changes apply one after another, each against what the previous one left in place.
  let applying: Promise<void> = Promise.resolve();
  const removeConfigListener = context.config.onChange((next) => {
    applying = applying
      .then(() => applyConfiguration(next))
      .catch((error: unknown) =>
        logger.error(
          { err: describeError(error), code: (error as { code?: unknown }).code },
          'could not apply the configuration change; the previous configuration stays in force',
        ),
      );
  });

  /**
   * Builds what the new configuration needs, then puts it all in force at once; on failure, none
   * of it. `reloadModel`: start the model again even with the same settings (its card changed).
   */
  const applyConfiguration = async (next: ClassifierConfig, reloadModel = false): Promise<void> => {
    const previous = serving;
    const previousModel = previous.model as RunningModel;
    let newModel: RunningModel | undefined;
    let newSubscription: Subscription | undefined;
    try {
      const settings = modelSettingsOf(next);
      if (reloadModel || !sameModelSettings(settings, previousModel.settings))
        newModel = await startServingModel(settings, logger);
      const policy = sameList(next.imageRoots, previous.config.imageRoots)
        ? previous.policy
        : await buildPolicy(next.imageRoots);
      if (next.requestTopic !== previous.subscription.topic && acceptsRequests(state))
        newSubscription = await context.subscribe(next.requestTopic, onRequest);
      serving = {
        config: next,
        policy,
        subscription: newSubscription ?? previous.subscription,
        model: newModel ?? previousModel,
      };
    } catch (error) {
      await newSubscription?.close();
      await newModel?.retire();
      throw error;
    }
    if (newSubscription) await previous.subscription.close();
    if (newModel) void previousModel.retire();
    await sources.apply(next);
    if (reloadModel)
      logger.info(
        { model: newModel?.ref.name, previousModel: previousModel.ref.name },
        'model card changed; new model in force',
      );
    else
      logger.info(
        { modelStarted: newModel !== undefined, resubscribed: newSubscription !== undefined },
        'configuration applied',
      );
  };

  const stopCardWatch = watchModelCard({
    logger,
    pollMs: () => serving.config.modelCardPollMs,
    currentModel: () => (acceptsRequests(state) ? serving.model : undefined),
    reload: (model) => {
      applying = applying.then(() =>
        serving.model === model ? applyConfiguration(serving.config, true) : undefined,
      );
      const result = applying;
      applying = applying.catch(() => undefined); // the watch reports it; later changes still apply
      return result;
    },
  });

  return {
    async stop() {
      move('stop');
      stopCardWatch();
      await sources.stop();
      removeConfigListener();
      await applying;
      await serving.subscription.close();
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
      await serving.model?.retire();
      move('drained');
    },
  };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.join('\0') === b.join('\0');

function busy(id: string, why: string): Reply {
  return buildErrorReply(id, new ClassifierError('BUSY', `busy: ${why}; try again later`));
}

function describeSource(request: ClassifyRequest): string {
  const { source } = request;
  if (source.kind === 'path') return source.path;
  return source.kind === 'bytes'
    ? `binary image of ${source.bytes.length} bytes`
    : `base64 image of ${source.base64.length} characters`;
}
