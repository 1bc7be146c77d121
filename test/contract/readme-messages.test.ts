// The README's message examples are what the contract accepts, and the contract refuses what the
// README says is refused.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  MAX_ID_LENGTH,
  MAX_TOP_K,
  replySchema,
  requestMessageSchema,
} from '../../components/contract/index.ts';

const readme = readFileSync(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
const start = readme.indexOf('## Message formats');
const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
const [requestBlock = '', replyBlock = ''] = [...section.matchAll(/```json\n([\s\S]*?)```/g)].map(
  (m) => m[1] ?? '',
);
const lines = (block: string) => block.split('\n').filter((line) => line.trim() !== '');

describe("README's message formats", () => {
  it('has request and reply examples', () => {
    expect(lines(requestBlock).length).toBeGreaterThanOrEqual(3);
    expect(lines(replyBlock).length).toBeGreaterThanOrEqual(2);
  });

  it.each(lines(requestBlock))('request %s is a valid request', (line) => {
    expect(requestMessageSchema.safeParse(JSON.parse(line)).error).toBeUndefined();
  });

  it.each(lines(replyBlock))('reply %s is a valid reply', (line) => {
    expect(replySchema.safeParse(JSON.parse(line)).error).toBeUndefined();
  });

  it('refuses what the README says is refused', () => {
    const refused = [
      { image_dir: 'relative', fname: 'a.jpg' },
      { id: 'x'.repeat(MAX_ID_LENGTH + 1), image: { path: '/a.jpg' } },
      { image: { path: '/a.jpg' }, topK: MAX_TOP_K + 1 },
      { image: { path: '/a.jpg' }, image_dir: '/x', fname: 'y' },
      { image: { base64: 'not base64!' } },
    ];
    for (const request of refused)
      expect(requestMessageSchema.safeParse(request).success, JSON.stringify(request)).toBe(false);
  });
});
