// Requests sent and not yet answered, in send order, each with a deadline (pure).

export interface Pending<T> {
  readonly id: string;
  readonly entry: T;
  readonly sentAtMs: number;
  readonly deadlineMs: number;
}

export class PendingReplies<T> {
  readonly #byId = new Map<string, Pending<T>>();

  get size(): number {
    return this.#byId.size;
  }

  add(id: string, entry: T, sentAtMs: number, timeoutMs: number): void {
    this.#byId.set(id, { id, entry, sentAtMs, deadlineMs: sentAtMs + timeoutMs });
  }

  take(id: string): Pending<T> | undefined {
    const pending = this.#byId.get(id);
    if (pending) this.#byId.delete(id);
    return pending;
  }

  /** For replies that carry no id (ResultFormat: label): the oldest request is the one answered. */
  takeOldest(): Pending<T> | undefined {
    const first = this.#byId.values().next();
    return first.done ? undefined : this.take(first.value.id);
  }

  /** Removes and returns every request whose deadline has passed. */
  expire(nowMs: number): Pending<T>[] {
    const expired: Pending<T>[] = [];
    for (const pending of this.#byId.values()) {
      if (pending.deadlineMs <= nowMs) expired.push(pending);
    }
    for (const pending of expired) this.#byId.delete(pending.id);
    return expired;
  }

  /** Every pending request, oldest first (not removed). */
  list(): Pending<T>[] {
    return [...this.#byId.values()];
  }

  drain(): Pending<T>[] {
    const all = [...this.#byId.values()];
    this.#byId.clear();
    return all;
  }
}
