import { describe, expect, it } from 'vitest';
import { ClassifierError } from '../../components/classifier/error-codes.ts';
import { buildErrorReply, buildOkReply, encodeReply } from '../../components/classifier/reply.ts';
import { MAX_ERROR_MESSAGE_LENGTH, replySchema } from '../../components/contract/index.ts';

const labels = Array.from({ length: 1000 }, (_, index) => ({ wnid: `n${index}`, label: `class ${index}` }));
labels[144] = { wnid: 'n02051845', label: 'pelican' };
const model = { name: 'm', sha256: 'a'.repeat(64) };
const ranked = [
  { index: 144, probability: 0.9 },
  { index: 145, probability: 0.05 },
];
const timings = { queueMs: 1.23456, decodeMs: 5, inferMs: 3, totalMs: 9.87654 };

describe('buildOkReply', () => {
  it('drops top entries under ScoreThreshold but keeps the top-1 fields, and rounds timings', () => {
    const reply = buildOkReply('r', ranked, labels, model, timings, 0.1);
    expect(reply.top.map((t) => t.index)).toEqual([144]);
    expect(reply).toMatchObject({ label: 'pelican', index: 144, probability: 0.9 });
    expect(reply.timings).toEqual({ queueMs: 1.235, decodeMs: 5, inferMs: 3, totalMs: 9.877 });
    expect(replySchema.safeParse(reply).success).toBe(true);
  });

  it('keeps every ranked class without a threshold', () => {
    expect(buildOkReply('r', ranked, labels, model, timings, 0).top).toHaveLength(2);
  });
});

describe('buildErrorReply', () => {
  it('bounds error messages', () => {
    const reply = buildErrorReply('e', new ClassifierError('IMAGE_NOT_FOUND', 'x'.repeat(5_000)));
    expect(reply.error.message.length).toBe(MAX_ERROR_MESSAGE_LENGTH);
    expect(replySchema.safeParse(reply).success).toBe(true);
  });
});

describe('encodeReply', () => {
  it('encodes JSON or the bare label', () => {
    const ok = buildOkReply('r', ranked, labels, model, timings, 0);
    expect(JSON.parse(encodeReply(ok, 'json').toString('utf8'))).toEqual(ok);
    expect(encodeReply(ok, 'label').toString('utf8')).toBe('pelican');
    const error = buildErrorReply('e', new ClassifierError('BUSY', 'busy'));
    expect(encodeReply(error, 'label').toString('utf8')).toBe('error: BUSY');
  });
});
