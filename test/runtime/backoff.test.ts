import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from '../../components/runtime/backoff.ts';

const policy = { initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2 };

describe('backoffDelayMs', () => {
  it('grows exponentially and stays within [cap/2, cap]', () => {
    expect(backoffDelayMs(0, policy, () => 0)).toBe(50);
    expect(backoffDelayMs(0, policy, () => 1)).toBe(100);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(400);
    expect(backoffDelayMs(3, policy, () => 1)).toBe(800);
  });

  it('never exceeds the maximum delay', () => {
    for (let attempt = 0; attempt < 50; attempt++) {
      expect(backoffDelayMs(attempt, policy, () => 1)).toBeLessThanOrEqual(policy.maxDelayMs);
    }
    expect(backoffDelayMs(40, policy, () => 0)).toBe(500);
  });
});
