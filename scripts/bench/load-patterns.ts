// How the load generator sends: a closed loop (N requests always in flight, for throughput),
// one request at a time (unloaded latency), and an open loop at a fixed rate (overload, where
// senders do not slow down because the classifier does).
import type { LoadClient, Outcome } from './load-client.ts';
import type { RequestSource } from './request-source.ts';

export interface WindowResult {
  /** Replies received inside the measured window, in arrival order. */
  readonly outcomes: readonly Outcome[];
  readonly windowMs: number;
}

/**
 * Called once when the measured window opens and once when it closes, e.g. to read CPU
 * counters; both are called before runClosedLoop resolves.
 */
export interface WindowHooks {
  onOpen?(): void;
  onClose?(): void;
}

/**
 * Keeps `concurrency` requests in flight for warm-up + duration. Only replies that arrive
 * inside the measured window count; requests still in flight at its end are awaited so the
 * next phase starts from an idle classifier. The window's edges are noticed by the lanes
 * themselves (after each reply), never by timers, so the hooks cannot be skipped.
 */
export async function runClosedLoop(
  client: LoadClient,
  source: RequestSource,
  concurrency: number,
  warmupMs: number,
  durationMs: number,
  hooks: WindowHooks = {},
): Promise<WindowResult> {
  const windowStart = performance.now() + warmupMs;
  const windowEnd = windowStart + durationMs;
  const outcomes: Outcome[] = [];
  let state: 'warm-up' | 'open' | 'closed' = 'warm-up';
  const advance = (now: number): void => {
    if (state === 'warm-up' && now >= windowStart) {
      state = 'open';
      hooks.onOpen?.();
    }
    if (state === 'open' && now >= windowEnd) {
      state = 'closed';
      hooks.onClose?.();
    }
  };
  const lane = async (): Promise<void> => {
    advance(performance.now());
    while (state !== 'closed') {
      const outcome = await client.send(source.next());
      if (outcome.receivedAtMs >= windowStart && outcome.receivedAtMs <= windowEnd) outcomes.push(outcome);
      advance(performance.now());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { outcomes, windowMs: durationMs };
}

/** Keeps `concurrency` requests in flight until the client has received `answered` replies. */
export async function runUntilAnswered(
  client: LoadClient,
  source: RequestSource,
  concurrency: number,
  answered: number,
): Promise<void> {
  const lane = async (): Promise<void> => {
    while (client.answered + client.inFlight < answered) await client.send(source.next());
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
}

/** Sends `count` requests one after the other, after `warmup` unrecorded ones. */
export async function runSequential(
  client: LoadClient,
  source: RequestSource,
  warmup: number,
  count: number,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (let i = 0; i < warmup + count; i++) {
    const outcome = await client.send(source.next());
    if (i >= warmup) outcomes.push(outcome);
  }
  return outcomes;
}

/** Tick of the open-loop sender: finer than the classifier's per-request cost. */
const OPEN_LOOP_TICK_MS = 2;

/** Sends at `ratePerSecond` for `durationMs` whatever the replies, then awaits every reply. */
export async function runOpenLoop(
  client: LoadClient,
  source: RequestSource,
  ratePerSecond: number,
  durationMs: number,
): Promise<Outcome[]> {
  const started = performance.now();
  const pending: Promise<Outcome>[] = [];
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = Math.min(performance.now() - started, durationMs);
      const due = Math.floor((elapsed / 1000) * ratePerSecond);
      while (pending.length < due) pending.push(client.send(source.next()));
      if (elapsed >= durationMs) {
        clearInterval(timer);
        resolve();
      }
    }, OPEN_LOOP_TICK_MS);
  });
  return Promise.all(pending);
}
