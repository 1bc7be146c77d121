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
const CONTEXT = { topK: 5, scoreThreshold: 0 };
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
    expect(JSON.parse(encodeReply(ok, 'json', CONTEXT).toString('utf8'))).toEqual(ok);
    expect(encodeReply(ok, 'label', CONTEXT).toString('utf8')).toBe('pelican');
    const error = buildErrorReply('e', new ClassifierError('BUSY', 'busy'));
    expect(encodeReply(error, 'label', CONTEXT).toString('utf8')).toBe('error: BUSY');
  });
});

describe('encodeReply for AWS IoT Core and AWS components', () => {
  const at = '2026-12-05T21:00:00.123Z';

  it('adds the thing name to JSON for the cloud', () => {
    const ok = buildOkReply('r', ranked, labels, model, timings, 0, at);
    expect(JSON.parse(encodeReply(ok, 'json', { ...CONTEXT, thingName: 'pi-7' }).toString())).toEqual({
      ...ok,
      thingName: 'pi-7',
    });
  });

  it('writes the envelope of AWS image-classification components exactly: strings, trailing space, Python time', () => {
    const ok = buildOkReply('r', ranked, labels, model, timings, 0.3, at);
    expect(encodeReply(ok, 'aws', { topK: 5, scoreThreshold: 0.3 }).toString()).toBe(
      '{"timestamp":"2026-12-05 21:00:00.123000","inference-type":"image-classification",' +
        '"inference-description":"Top 5 predictions with score 0.3 or above ",' +
        '"inference-results":[{"Label":"pelican","Score":"0.9"}]}',
    );
    const error = buildErrorReply('e', new ClassifierError('CORRUPT_IMAGE', 'truncated'), at);
    expect(JSON.parse(encodeReply(error, 'aws', { topK: 5, scoreThreshold: 0.3 }).toString())).toEqual({
      timestamp: '2026-12-05 21:00:00.123000',
      'inference-type': 'image-classification',
      'inference-description': 'Top 5 predictions with score 0.3 or above ',
      'inference-results': [],
      error: { code: 'CORRUPT_IMAGE', message: 'truncated' },
    });
  });
});
