import { describe, expect, it } from 'vitest';
import type { OkReply, Reply } from '../../components/classifier/reply.ts';
import {
  encodeReply,
  finalizeReply,
  MAX_ERROR_MESSAGE_LENGTH,
} from '../../components/classifier/service/reply-payload.ts';

const ok: OkReply = {
  id: 'r',
  status: 'ok',
  index: 144,
  label: 'pelican',
  probability: 0.9,
  top: [
    { index: 144, label: 'pelican', probability: 0.9 },
    { index: 145, label: 'king penguin', probability: 0.05 },
  ],
  model: { name: 'm', sha256: 'abc' },
  timings: { decodeMs: 5, inferMs: 3, totalMs: 8 },
};

describe('finalizeReply', () => {
  it('drops top entries under ScoreThreshold but keeps the top-1 fields, and adds queue time', () => {
    const final = finalizeReply(ok, 0.1, { queueMs: 1.23456, totalMs: 9.87654 });
    expect(final.status === 'ok' && final.top.map((t) => t.index)).toEqual([144]);
    expect(final.status === 'ok' && final.label).toBe('pelican');
    expect(final.status === 'ok' && final.timings).toEqual({
      queueMs: 1.235,
      decodeMs: 5,
      inferMs: 3,
      totalMs: 9.877,
    });
  });

  it('bounds error messages', () => {
    const error: Reply = {
      id: 'e',
      status: 'error',
      error: { code: 'IMAGE_NOT_FOUND', message: 'x'.repeat(5_000) },
    };
    const final = finalizeReply(error, 0);
    expect(final.status === 'error' && final.error.message.length).toBe(MAX_ERROR_MESSAGE_LENGTH);
  });
});

describe('encodeReply', () => {
  it('encodes JSON or the bare label', () => {
    expect(JSON.parse(encodeReply(ok, 'json').toString('utf8'))).toEqual(ok);
    expect(encodeReply(ok, 'label').toString('utf8')).toBe('pelican');
    const error: Reply = { id: 'e', status: 'error', error: { code: 'BUSY', message: 'busy' } };
    expect(encodeReply(error, 'label').toString('utf8')).toBe('error: BUSY');
  });
});
