// The loaded model and its inference worker, with the settings fixed at load time. When those
// settings change live, a new engine is built and swapped in; the old one is closed once the
// requests that started on it have finished.

import type { Logger } from 'pino';
import sharp from 'sharp';
import { type Classifier, createClassifier } from '../classifier.ts';
import type { ClassifierConfig } from './config.ts';

export interface Engine {
  readonly classifier: Classifier;
  readonly settingsKey: string;
  /** Runs `work` on this engine, keeping it open until `work` settles. */
  use<T>(work: (classifier: Classifier) => Promise<T>): Promise<T>;
  /** Closes the engine once no request uses it any more. */
  retire(): Promise<void>;
}

export async function loadEngine(
  config: ClassifierConfig,
  settingsKey: string,
  logger: Logger,
): Promise<Engine> {
  const started = performance.now();
  const classifier = await createClassifier({
    modelCardPath: config.modelCardPath,
    intraOpThreads: config.inferenceThreads,
    maxImageBytes: config.maxImageBytes,
    maxImagePixels: config.maxImagePixels,
    topK: config.topK,
    onWorkerEvent: (event) => {
      if (event.type === 'worker-ready') {
        logger.info(
          { loadMs: round(event.loadMs), warmupMs: round(event.warmupMs) },
          'inference worker ready',
        );
        return;
      }
      const fields = { exitCode: event.exitCode, failedRequests: event.failedRequests };
      // A worker closed on shutdown or failing to load is not news: the caller reports that once.
      if (event.restarting) logger.error(fields, 'inference worker exited; restarting it');
      else if (event.failedRequests > 0)
        logger.warn(fields, 'inference worker stopped with requests in flight');
      else logger.debug(fields, 'inference worker stopped');
    },
  });
  await warmUpDecoder(classifier);
  logger.info(
    {
      model: classifier.model.name,
      threads: config.inferenceThreads,
      readyMs: round(performance.now() - started),
    },
    'model loaded and warmed up',
  );

  let active = 0;
  let retiring: { resolve: () => void; promise: Promise<void> } | undefined;
  const closeIfIdle = (): void => {
    if (retiring && active === 0) void classifier.close().then(retiring.resolve);
  };
  return {
    classifier,
    settingsKey,
    async use(work) {
      active += 1;
      try {
        return await work(classifier);
      } finally {
        active -= 1;
        closeIfIdle();
      }
    },
    retire() {
      if (!retiring) {
        let resolve!: () => void;
        const promise = new Promise<void>((r) => {
          resolve = r;
        });
        retiring = { resolve, promise };
        closeIfIdle();
      }
      return retiring.promise;
    },
  };
}

/** The first sharp call loads libvips' codecs; do it before we report RUNNING, not on request one. */
async function warmUpDecoder(classifier: Classifier): Promise<void> {
  const sample = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } })
    .jpeg()
    .toBuffer();
  const reply = await classifier.classifyBytes(sample, { id: 'warm-up' });
  if (reply.status === 'error')
    throw new Error(`warm-up classification failed: ${reply.error.code} ${reply.error.message}`);
}

const round = (value: number): number => Math.round(value * 10) / 10;
