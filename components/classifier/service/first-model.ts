// The model the classifier starts with. A card named through a model component
// (`ModelCard: component:<name>`) may not be there yet when the classifier starts: nothing orders
// the two components' installs in one deployment (the classifier cannot depend on a component
// whose name is the user's), so the classifier waits for it, up to MODEL_COMPONENT_WAIT_MS,
// instead of failing and being restarted towards BROKEN. Any other failure fails at once.
import type { Logger } from 'pino';
import { ModelLoadError } from '../model/model-load-error.ts';
import type { ModelSettings, RunningModel } from '../model/running-model.ts';
import { startServingModel } from './start-serving-model.ts';

/** How long a model component's card may take to appear at start. */
export const MODEL_COMPONENT_WAIT_MS = 120_000;
const RETRY_MS = 1000;

const cardNotThere = (error: unknown): boolean =>
  error instanceof ModelLoadError &&
  error.code === 'CARD_UNREADABLE' &&
  (error.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

export async function startFirstModel(
  settings: ModelSettings,
  waitMs: number,
  logger: Logger,
): Promise<RunningModel> {
  const deadline = Date.now() + waitMs;
  let waiting = false;
  for (;;) {
    try {
      return await startServingModel(settings, logger);
    } catch (error) {
      if (!cardNotThere(error) || Date.now() + RETRY_MS > deadline) throw error;
      if (!waiting)
        logger.warn(
          { modelCard: settings.modelCardPath, waitMs },
          'model card not there yet (its model component installing?); waiting for it',
        );
      waiting = true;
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }
}
