import { describe, expect, it } from 'vitest';
import { softmax } from '../../components/classifier/postprocess/softmax.ts';
import { topK } from '../../components/classifier/postprocess/top-k.ts';

describe('softmax', () => {
  it('matches exp(x) / sum(exp(x))', () => {
    const logits = [1, 2, 3];
    const sum = Math.exp(1) + Math.exp(2) + Math.exp(3);
    const p = softmax(Float32Array.from(logits));
    expect(Array.from(p)).toEqual(logits.map((x) => expect.closeTo(Math.exp(x) / sum, 12)));
  });

  it('stays finite for large logits and sums to 1', () => {
    const p = softmax([1000, 1001, 999]);
    expect(p.every(Number.isFinite)).toBe(true);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p[1]).toBeGreaterThan(p[0] as number);
  });

  it('reads one row of a batch', () => {
    const batch = Float32Array.from([5, 0, 0, 0, 0, 5]);
    expect(Array.from(softmax(batch, 3, 3))).toEqual([
      expect.closeTo(0.0066, 4),
      expect.closeTo(0.0066, 4),
      expect.closeTo(0.9867, 4),
    ]);
  });

  it('rejects rows outside the logits and NaN', () => {
    expect(() => softmax([1, 2], 1, 2)).toThrow(RangeError);
    expect(() => softmax([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('topK', () => {
  it('returns the k best, best first', () => {
    expect(topK([0.1, 0.5, 0.05, 0.3, 0.05], 3)).toEqual([
      { index: 1, probability: 0.5 },
      { index: 3, probability: 0.3 },
      { index: 0, probability: 0.1 },
    ]);
  });

  it('keeps the lower index first among equal scores', () => {
    expect(topK([0.2, 0.4, 0.2, 0.2], 3).map((r) => r.index)).toEqual([1, 0, 2]);
  });

  it('returns everything, sorted, when k exceeds the number of scores', () => {
    expect(topK([0.2, 0.8], 5).map((r) => r.index)).toEqual([1, 0]);
  });

  it('agrees with a full sort on 1000 random scores', () => {
    const scores = Array.from({ length: 1000 }, (_, i) => Math.abs(Math.sin(i * 12.9898) * 43758.5453) % 1);
    const sorted = scores
      .map((probability, index) => ({ index, probability }))
      .sort((a, b) => b.probability - a.probability);
    expect(topK(scores, 5)).toEqual(sorted.slice(0, 5));
  });

  it('rejects k below 1 or fractional', () => {
    expect(() => topK([1], 0)).toThrow(RangeError);
    expect(() => topK([1], 1.5)).toThrow(RangeError);
  });
});
