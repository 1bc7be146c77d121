// The last N requests and their replies (pure, bounded): entries in arrival order, the oldest
// dropped beyond N together with its thumbnail. Replies are matched to requests by id; a reply
// whose id was never seen goes to the oldest waiting request that had no id (the classifier
// made one up for it, so no id can match), else it is shown on its own.
import {
  answered,
  type Entry,
  expired,
  requested,
  thumbnailMade,
  thumbnailRefused,
  unseen,
} from './entry.ts';
import type { SeenRequest } from './request-view.ts';
import type { SeenResult } from './result-view.ts';

export class History {
  #capacity: number;
  readonly #entries = new Map<number, Entry>();
  readonly #thumbnails = new Map<number, Uint8Array>();
  /** Id -> seq of entries not yet settled (waiting or no-reply). */
  readonly #byId = new Map<string, number>();
  /** Seqs of waiting entries, oldest first (all wait the same time, so deadlines are in order). */
  readonly #waiting = new Set<number>();
  /** Seqs of waiting entries that had no id, oldest first. */
  readonly #withoutId = new Set<number>();
  #nextSeq = 1;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** A new HistorySize: the oldest entries beyond it go at once. */
  resize(capacity: number): void {
    this.#capacity = capacity;
    this.#evict();
  }

  get size(): number {
    return this.#entries.size;
  }

  list(): Entry[] {
    return [...this.#entries.values()];
  }

  get(seq: number): Entry | undefined {
    return this.#entries.get(seq);
  }

  thumbnail(seq: number): Uint8Array | undefined {
    return this.#thumbnails.get(seq);
  }

  /** The new entry, or undefined for a copy of a request already shown (same id: a resend). */
  addRequest(request: SeenRequest, nowMs: number): Entry | undefined {
    if (request.id !== undefined && this.#byId.has(request.id)) return undefined;
    const entry = requested(this.#nextSeq++, request, nowMs);
    this.#put(entry);
    this.#waiting.add(entry.seq);
    if (entry.id === undefined) this.#withoutId.add(entry.seq);
    else this.#byId.set(entry.id, entry.seq);
    this.#evict();
    return entry;
  }

  /** The entry the reply settled (undefined for an unreadable message or a second reply). */
  addResult(result: SeenResult, nowMs: number): Entry | undefined {
    if (result.status === 'unreadable') return undefined;
    const seq =
      (result.id === undefined ? undefined : this.#byId.get(result.id)) ??
      this.#withoutId.values().next().value;
    const waiting = seq === undefined ? undefined : this.#entries.get(seq);
    if (seq === undefined || waiting === undefined) {
      const entry = unseen(this.#nextSeq++, result, nowMs);
      this.#put(entry);
      this.#evict();
      return entry;
    }
    this.#settle(seq);
    const entry = answered(waiting, result, nowMs);
    this.#put(entry);
    return entry;
  }

  /** Waiting entries older than `waitMs`, now `no-reply`. */
  expire(nowMs: number, waitMs: number): Entry[] {
    const changed: Entry[] = [];
    for (const seq of this.#waiting) {
      const entry = this.#entries.get(seq);
      if (entry && nowMs - entry.requestedAtMs < waitMs) break;
      this.#waiting.delete(seq);
      this.#withoutId.delete(seq);
      if (!entry) continue;
      const late = expired(entry);
      this.#put(late);
      changed.push(late);
    }
    return changed;
  }

  /** Undefined when the entry is gone (evicted meanwhile): the thumbnail is dropped. */
  setThumbnail(seq: number, thumbnail: Uint8Array): Entry | undefined {
    const entry = this.#entries.get(seq);
    if (!entry) return undefined;
    this.#thumbnails.set(seq, thumbnail);
    const updated = thumbnailMade(entry);
    this.#put(updated);
    return updated;
  }

  refuseThumbnail(seq: number, note: string): Entry | undefined {
    const entry = this.#entries.get(seq);
    if (!entry) return undefined;
    const updated = thumbnailRefused(entry, note);
    this.#put(updated);
    return updated;
  }

  #put(entry: Entry): void {
    this.#entries.set(entry.seq, entry);
  }

  #settle(seq: number): void {
    const entry = this.#entries.get(seq);
    if (entry?.id !== undefined) this.#byId.delete(entry.id);
    this.#waiting.delete(seq);
    this.#withoutId.delete(seq);
  }

  #evict(): void {
    for (const seq of this.#entries.keys()) {
      if (this.#entries.size <= this.#capacity) return;
      this.#settle(seq);
      this.#entries.delete(seq);
      this.#thumbnails.delete(seq);
    }
  }
}
