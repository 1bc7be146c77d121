// Request ids the classifier has seen lately, so a request sent again (the requester re-sends
// what it has no answer to, with the same id) is one request: while it is being classified
// the copy is dropped (the first will answer), and once answered the copy gets the same reply
// again (the first reply may be what was lost). BUSY is not remembered: a copy of a refused
// request is a new try. Bounded in count and time. Pure: the caller passes the clock.

import type { Reply } from '../../contract/index.ts';

/** How long an answered id is remembered. */
export const REQUEST_ID_MEMORY_MS = 60_000;
/** How many ids are remembered at most; the oldest are forgotten first. */
export const MAX_REMEMBERED_REQUEST_IDS = 4_096;

type Entry =
  | { readonly state: 'classifying' }
  | { readonly state: 'answered'; readonly reply: Reply; readonly atMs: number };

export type Seen =
  | { readonly kind: 'new' }
  | { readonly kind: 'classifying' }
  | { readonly kind: 'answered'; readonly reply: Reply };

export class RecentRequests {
  readonly #entries = new Map<string, Entry>();
  readonly #memoryMs: number;
  readonly #capacity: number;

  constructor(memoryMs = REQUEST_ID_MEMORY_MS, capacity = MAX_REMEMBERED_REQUEST_IDS) {
    this.#memoryMs = memoryMs;
    this.#capacity = capacity;
  }

  /** What is known of `id`; a new id is recorded as being classified. */
  admit(id: string, nowMs: number): Seen {
    const entry = this.#entries.get(id);
    if (entry?.state === 'classifying') return { kind: 'classifying' };
    if (entry?.state === 'answered' && nowMs - entry.atMs <= this.#memoryMs)
      return { kind: 'answered', reply: entry.reply };
    this.#entries.delete(id);
    this.#entries.set(id, { state: 'classifying' });
    this.#trim();
    return { kind: 'new' };
  }

  /** Records the reply to `id` (forgets the id instead when the reply was BUSY). */
  answered(id: string, reply: Reply, nowMs: number): void {
    if (reply.status === 'error' && reply.error.code === 'BUSY') {
      this.#entries.delete(id);
      return;
    }
    this.#entries.delete(id);
    this.#entries.set(id, { state: 'answered', reply, atMs: nowMs });
    this.#trim();
  }

  get size(): number {
    return this.#entries.size;
  }

  #trim(): void {
    for (const id of this.#entries.keys()) {
      if (this.#entries.size <= this.#capacity) return;
      this.#entries.delete(id);
    }
  }
}
