// What a look at the model card means for the model in use. The card's fingerprint (real path,
// size, modification time: model/load-model.ts fingerprintCard) is compared with the one it had
// when the running model loaded: a model component's new version re-points the link the card
// path goes through, an edited card changes its time. Pure.
import { UNREACHABLE_CARD } from '../model/load-model.ts';

export type CardLook =
  /** The card is as it was when the model loaded. */
  | 'unchanged'
  /** The card changed: load the new model. */
  | 'changed'
  /** The card changed to something that was already refused once: wait for the next change. */
  | 'refused-before'
  /** The card cannot be reached (a model component being replaced or removed): keep serving. */
  | 'unreachable';

export function lookAtCard(loaded: string, seen: string, refused: string | undefined): CardLook {
  if (seen.startsWith(UNREACHABLE_CARD)) return 'unreachable';
  if (seen === loaded) return 'unchanged';
  return seen === refused ? 'refused-before' : 'changed';
}
