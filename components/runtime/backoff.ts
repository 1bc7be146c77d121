// Exponential backoff with full jitter (pure; the random source is injected for tests).

export interface BackoffPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly multiplier: number;
}

export const DEFAULT_RECONNECT_BACKOFF: BackoffPolicy = Object.freeze({
  initialDelayMs: 100,
  maxDelayMs: 5_000,
  multiplier: 2,
});

/** Delay before retry number `attempt` (0-based): uniform in [cap/2, cap], cap growing exponentially. */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const cap = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** Math.max(0, attempt));
  return Math.round(cap / 2 + (random() * cap) / 2);
}
