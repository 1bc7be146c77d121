import { describe, expect, it } from 'vitest';
import { PendingReplies } from '../../components/requester/pending-replies.ts';

describe('PendingReplies', () => {
  it('takes a request by id once', () => {
    const pending = new PendingReplies<string>();
    pending.add('a', 'pelican.jpeg', 0, 100);
    expect(pending.take('a')?.entry).toBe('pelican.jpeg');
    expect(pending.take('a')).toBeUndefined();
    expect(pending.size).toBe(0);
  });

  it('expires only requests past their deadline, oldest first', () => {
    const pending = new PendingReplies<string>();
    pending.add('a', 'x', 0, 100);
    pending.add('b', 'y', 50, 100);
    expect(pending.expire(99)).toEqual([]);
    expect(pending.expire(100).map((p) => p.id)).toEqual(['a']);
    expect(pending.expire(1_000).map((p) => p.id)).toEqual(['b']);
    expect(pending.size).toBe(0);
  });

  it('answers id-less replies with the oldest request', () => {
    const pending = new PendingReplies<string>();
    pending.add('a', 'x', 0, 100);
    pending.add('b', 'y', 1, 100);
    expect(pending.takeOldest()?.id).toBe('a');
    expect(pending.drain().map((p) => p.id)).toEqual(['b']);
    expect(pending.takeOldest()).toBeUndefined();
  });
});
