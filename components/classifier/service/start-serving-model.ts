// Starts a model for the component: logs its worker's lifecycle, and warms the decoder and the
// session up before the model takes requests, so request one does not pay for loading libvips'
// codecs.
import type { Logger } from 'pino';
import sharp from 'sharp';
import { classifyImage } from '../classify-image.ts';
import type { InferenceHostEvent } from '../inference/inference-host.ts';
import { type ModelSettings, type RunningModel, startModel } from '../model/running-model.ts';

export async function startServingModel(settings: ModelSettings, logger: Logger): Promise<RunningModel> {
  const started = performance.now();
  const model = await startModel(settings, { onWorkerEvent: (event) => logWorkerEvent(event, logger) });
  try {
    await warmUp(model);
  } catch (error) {
    await model.retire();
    throw error;
  }
  logger.info(
    { model: model.ref.name, threads: settings.intraOpThreads, readyMs: round(performance.now() - started) },
    'model loaded and warmed up',
  );
  return model;
}

function logWorkerEvent(event: InferenceHostEvent, logger: Logger): void {
  if (event.type === 'worker-ready') {
    logger.info({ loadMs: round(event.loadMs), warmupMs: round(event.warmupMs) }, 'inference worker ready');
    return;
  }
  const fields = { exitCode: event.exitCode, failedRequests: event.failedRequests };
  // A worker closed on shutdown or failing to load is not news: the caller reports that once.
  if (event.restarting) logger.error(fields, 'inference worker exited; restarting it');
  else if (event.failedRequests > 0) logger.warn(fields, 'inference worker stopped with requests in flight');
  else logger.debug(fields, 'inference worker stopped');
}

const WARM_UP_LIMITS = { maxImageBytes: 1024 * 1024, maxImagePixels: 1024 * 1024, maxAspectRatio: 20 };

async function warmUp(model: RunningModel): Promise<void> {
  const sample = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#808080' } })
    .jpeg()
    .toBuffer();
  const call = {
    id: 'warm-up',
    topK: 1,
    scoreThreshold: 0,
    limits: WARM_UP_LIMITS,
    receivedAt: performance.now(),
  };
  const reply = await classifyImage({ kind: 'bytes', bytes: sample }, call, model);
  if (reply.status === 'error')
    throw new Error(`warm-up classification failed: ${reply.error.code} ${reply.error.message}`);
}

const round = (value: number): number => Math.round(value * 10) / 10;
