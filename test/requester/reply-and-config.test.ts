import { describe, expect, it } from 'vitest';
import { requesterConfigSchema } from '../../components/requester/config.ts';
import { parseReply } from '../../components/requester/reply.ts';

const binary = (text: string) => ({
  kind: 'binary' as const,
  topic: 'local/result',
  bytes: Buffer.from(text),
});

describe('parseReply', () => {
  it('reads an ok reply sent as a binary message of JSON', () => {
    const reply = parseReply(
      binary(JSON.stringify({ id: 'r1', status: 'ok', label: 'pelican', probability: 0.99 })),
    );
    expect(reply).toEqual({ kind: 'ok', id: 'r1', label: 'pelican', probability: 0.99 });
  });

  it('reads an error reply with its code', () => {
    const reply = parseReply({
      kind: 'json',
      topic: 'local/result',
      value: { id: 'r2', status: 'error', error: { code: 'IMAGE_NOT_FOUND', message: 'no file' } },
    });
    expect(reply).toEqual({ kind: 'error', id: 'r2', code: 'IMAGE_NOT_FOUND', message: 'no file' });
  });

  it('treats bare text as the label form', () => {
    expect(parseReply(binary('pelican\n'))).toEqual({ kind: 'label', label: 'pelican' });
    expect(parseReply(binary('error: BUSY'))).toEqual({ kind: 'label', label: 'error: BUSY' });
  });

  it('takes nothing else for a reply: JSON that is not one, empty or multi-line text', () => {
    for (const message of [
      { kind: 'json' as const, topic: 'local/result', value: { hello: 'world' } },
      binary('{"status":"maybe"}'),
      binary('[1,2,3]'),
      binary(''),
      binary('two\nlines'),
      binary('x'.repeat(300)),
    ]) {
      expect(parseReply(message).kind, JSON.stringify(message)).toBe('invalid');
    }
  });
});

describe('requesterConfigSchema', () => {
  it('fills defaults and accepts numbers given as strings', () => {
    const config = requesterConfigSchema.parse({ IntervalMs: '250', Count: 3.0, accessControl: {} });
    expect(config).toMatchObject({ requestTopic: 'local/inference', intervalMs: 250, count: 3 });
    expect(config.images[0]).toBe('pelican.jpeg');
  });

  it('rejects a wildcard topic and a negative count, naming the key', () => {
    const result = requesterConfigSchema.safeParse({ RequestTopic: 'local/#', Count: -1 });
    expect(result.success).toBe(false);
    const paths = result.error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['RequestTopic', 'Count']));
  });
});
