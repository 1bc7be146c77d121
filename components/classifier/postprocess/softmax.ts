/**
 * Softmax of `count` logits starting at `offset` (one row of a [N, classes] output), in double
 * precision, shifted by the maximum so large logits cannot overflow.
 */
export function softmax(logits: ArrayLike<number>, offset = 0, count = logits.length - offset): Float64Array {
  if (count <= 0 || offset < 0 || offset + count > logits.length) {
    throw new RangeError(`softmax row [${offset}, ${offset + count}) is outside ${logits.length} logits`);
  }
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) max = Math.max(max, logits[offset + i] as number);
  if (!Number.isFinite(max)) throw new RangeError(`logits are not finite (max ${max})`);
  const probabilities = new Float64Array(count);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const value = Math.exp((logits[offset + i] as number) - max);
    probabilities[i] = value;
    sum += value;
  }
  if (!Number.isFinite(sum)) throw new RangeError('logits contain NaN');
  for (let i = 0; i < count; i++) probabilities[i] = (probabilities[i] as number) / sum;
  return probabilities;
}
