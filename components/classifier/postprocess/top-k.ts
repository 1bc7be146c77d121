export interface Ranked {
  readonly index: number;
  readonly probability: number;
}

/**
 * The `k` highest scores, best first; equal scores keep the lower index first. One pass with a
 * small sorted window: k is tiny next to 1000 classes, so this beats sorting everything.
 */
export function topK(scores: ArrayLike<number>, k: number): Ranked[] {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const best: Ranked[] = [];
  const size = Math.min(k, scores.length);
  for (let index = 0; index < scores.length; index++) {
    const probability = scores[index] as number;
    if (best.length === size) {
      if (probability <= (best[size - 1] as Ranked).probability) continue;
      best.pop();
    }
    let at = best.length;
    while (at > 0 && (best[at - 1] as Ranked).probability < probability) at--;
    best.splice(at, 0, { index, probability });
  }
  return best;
}
