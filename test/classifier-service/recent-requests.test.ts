import { describe, expect, it } from 'vitest';
import { RecentRequests } from '../../components/classifier/service/recent-requests.ts';
import type { Reply } from '../../components/contract/index.ts';

const ok = (id: string): Reply =>
  ({ id, status: 'ok', label: 'pelican', index: 144, probability: 0.99, top: [] }) as unknown as Reply;
const busy = (id: string): Reply => ({
  id,
  status: 'error',
  timestamp: '2026-12-05T21:00:00.000Z',
  error: { code: 'BUSY', message: 'full' },
});

describe('RecentRequests', () => {
  it('drops a copy while the request is classified and answers a later copy with the same reply', () => {
    const recent = new RecentRequests(1_000, 10);
    expect(recent.admit('a', 0)).toEqual({ kind: 'new' });
    expect(recent.admit('a', 10)).toEqual({ kind: 'classifying' });
    recent.answered('a', ok('a'), 20);
    expect(recent.admit('a', 30)).toEqual({ kind: 'answered', reply: ok('a') });
  });

  it('treats a copy as new after the memory window, and after a BUSY reply', () => {
    const recent = new RecentRequests(1_000, 10);
    recent.admit('a', 0);
    recent.answered('a', ok('a'), 0);
    expect(recent.admit('a', 1_001)).toEqual({ kind: 'new' });
    recent.admit('b', 0);
    recent.answered('b', busy('b'), 0);
    expect(recent.admit('b', 1)).toEqual({ kind: 'new' });
  });

  it('remembers at most its capacity, forgetting the oldest first', () => {
    const recent = new RecentRequests(1_000, 3);
    for (const id of ['a', 'b', 'c', 'd']) recent.admit(id, 0);
    expect(recent.size).toBe(3);
    expect(recent.admit('a', 0)).toEqual({ kind: 'new' });
    expect(recent.admit('d', 0)).toEqual({ kind: 'classifying' });
  });
});
