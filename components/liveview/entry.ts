// One request as the live view shows it, and the pure transitions that move it: a request is
// `waiting` until its reply makes it `ok` or `error`, or ReplyWaitMs makes it `no-reply` (a late
// reply still settles it). Its thumbnail is `pending` until made (`ready`) or refused (`none`,
// with the reason's code, never the path it led to).
import type { SeenRequest } from './request-view.ts';
import type { SeenResult, ShownLabel } from './result-view.ts';

export type EntryStatus = 'waiting' | 'ok' | 'error' | 'no-reply';
export type ThumbnailState = 'pending' | 'ready' | 'none';
/** Where the image was: a file, inline bytes, nothing readable, or unknown (a reply whose request was not seen). */
export type EntrySource = 'path' | 'inline' | 'none' | 'unseen';

export interface Entry {
  /** This live view's own number for it, increasing; thumbnails are addressed by it. */
  readonly seq: number;
  readonly id?: string;
  readonly name: string;
  readonly source: EntrySource;
  readonly requestedAtMs: number;
  readonly status: EntryStatus;
  readonly top: readonly ShownLabel[];
  readonly code?: string;
  readonly message?: string;
  readonly latencyMs?: number;
  readonly model?: string;
  readonly thumbnail: ThumbnailState;
  readonly thumbnailNote?: string;
}

type Settled = Extract<SeenResult, { status: 'ok' | 'error' }>;

export function requested(seq: number, request: SeenRequest, nowMs: number): Entry {
  const source: EntrySource =
    request.image.kind === 'path' ? 'path' : request.image.kind === 'none' ? 'none' : 'inline';
  return {
    seq,
    ...(request.id === undefined ? {} : { id: request.id }),
    name: request.name,
    source,
    requestedAtMs: nowMs,
    status: 'waiting',
    top: [],
    thumbnail: source === 'none' ? 'none' : 'pending',
  };
}

/** A reply to a request this live view did not see (sent before it started, or evicted). */
export function unseen(seq: number, result: Settled, nowMs: number): Entry {
  return answered(
    {
      seq,
      ...(result.id === undefined ? {} : { id: result.id }),
      name: 'request not seen',
      source: 'unseen',
      requestedAtMs: nowMs,
      status: 'waiting',
      top: [],
      thumbnail: 'none',
    },
    result,
    nowMs,
  );
}

export function answered(entry: Entry, result: Settled, nowMs: number): Entry {
  if (entry.status === 'ok' || entry.status === 'error') return entry;
  const latencyMs = result.latencyMs ?? Math.max(0, nowMs - entry.requestedAtMs);
  if (result.status === 'error') {
    return { ...entry, status: 'error', code: result.code, message: result.message, latencyMs };
  }
  return {
    ...entry,
    status: 'ok',
    top: result.top,
    latencyMs,
    ...(result.model === undefined ? {} : { model: result.model }),
  };
}

export function expired(entry: Entry): Entry {
  return entry.status === 'waiting' ? { ...entry, status: 'no-reply' } : entry;
}

export function thumbnailMade(entry: Entry): Entry {
  return entry.thumbnail === 'pending' ? { ...entry, thumbnail: 'ready' } : entry;
}

export function thumbnailRefused(entry: Entry, note: string): Entry {
  return entry.thumbnail === 'pending' ? { ...entry, thumbnail: 'none', thumbnailNote: note } : entry;
}
