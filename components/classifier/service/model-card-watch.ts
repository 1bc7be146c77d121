// The loop that looks at the model card every ModelCardPollInterval seconds (0: no looks; the
// setting is read again at the default interval, so turning it on takes effect) and asks for a
// reload when it changed (card-watch.ts decides). A card whose model was refused is not tried
// again until it changes again; an unreachable card is reported once.
import type { Logger } from 'pino';
import { describeError } from '../../runtime/index.ts';
import { fingerprintCard } from '../model/load-model.ts';
import type { RunningModel } from '../model/running-model.ts';
import { lookAtCard } from './card-watch.ts';
import { DEFAULT_MODEL_CARD_POLL_SECONDS } from './config.ts';

export interface ModelCardWatchHooks {
  readonly logger: Logger;
  /** The poll interval in force (ms; 0 = off). */
  pollMs(): number;
  /** The model answering now, when requests are taken. */
  currentModel(): RunningModel | undefined;
  /** Loads the changed card's model and swaps it in; rejects when it cannot be used. */
  reload(model: RunningModel): Promise<void>;
}

/** Starts the loop; returns its stop. */
export function watchModelCard(hooks: ModelCardWatchHooks): () => void {
  let refused: string | undefined;
  let unreachable: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const look = async (): Promise<void> => {
    const model = hooks.currentModel();
    if (model) {
      const cardPath = model.settings.modelCardPath;
      const seen = await fingerprintCard(cardPath);
      const verdict = lookAtCard(model.cardFingerprint, seen, refused);
      if (verdict === 'unreachable' && seen !== unreachable)
        hooks.logger.warn(
          { modelCard: cardPath, reason: seen },
          'model card cannot be reached; the loaded model keeps answering',
        );
      unreachable = verdict === 'unreachable' ? seen : undefined;
      if (verdict === 'changed') {
        await hooks.reload(model).catch((error: unknown) => {
          refused = seen;
          hooks.logger.error(
            {
              err: describeError(error),
              code: (error as { code?: unknown }).code,
              modelCard: cardPath,
            },
            'model card changed but its model cannot be used; the previous model stays in force',
          );
        });
      }
    }
  };

  const schedule = (): void => {
    if (stopped) return;
    const pollMs = hooks.pollMs();
    timer = setTimeout(
      () => void (pollMs > 0 ? look() : Promise.resolve()).finally(schedule),
      pollMs > 0 ? pollMs : DEFAULT_MODEL_CARD_POLL_SECONDS * 1000,
    );
    timer.unref();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
