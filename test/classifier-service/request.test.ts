import { describe, expect, it } from 'vitest';
import { parseRequest } from '../../components/classifier/service/request.ts';
import { MAX_ID_LENGTH } from '../../components/contract/index.ts';
import type { IncomingMessage } from '../../components/runtime/index.ts';

let counter = 0;
const makeId = () => `gen-${++counter}`;
const json = (value: unknown): IncomingMessage => ({ kind: 'json', topic: 'local/inference', value });
const binary = (bytes: Uint8Array | string): IncomingMessage => ({
  kind: 'binary',
  topic: 'local/inference',
  bytes: Buffer.from(bytes),
});
const JPEG_START = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);

function codeOf(message: IncomingMessage): string {
  const result = parseRequest(message, makeId);
  return result.ok ? 'ok' : result.error.code;
}

describe('parseRequest', () => {
  it('accepts the seed form as JSON or as a binary message of JSON', () => {
    const seed = { image_dir: '/imgs', fname: 'pelican.jpeg' };
    for (const message of [json(seed), binary(JSON.stringify(seed))]) {
      const result = parseRequest(message, makeId);
      expect(result.ok && result.request.source).toEqual({ kind: 'path', path: '/imgs/pelican.jpeg' });
      expect(result.ok && result.request.id).toMatch(/^gen-/);
    }
  });

  it('accepts the full form with id, path and topK', () => {
    const result = parseRequest(json({ id: 'req-1', image: { path: '/a/b.jpg' }, topK: 3 }), makeId);
    expect(result).toEqual({
      ok: true,
      request: { id: 'req-1', source: { kind: 'path', path: '/a/b.jpg' }, topK: 3 },
    });
  });

  it('keeps base64 text for the read step and takes raw image bytes inline', () => {
    const viaBase64 = parseRequest(
      json({ id: 'b', image: { base64: JPEG_START.toString('base64') } }),
      makeId,
    );
    expect(viaBase64.ok && viaBase64.request.source).toEqual({
      kind: 'base64',
      base64: JPEG_START.toString('base64'),
    });
    const inline = parseRequest(binary(JPEG_START), makeId);
    expect(inline.ok && inline.request.source).toMatchObject({ kind: 'bytes' });
  });

  it.each([
    ['invalid JSON text', binary('{"image_dir": '), 'INVALID_REQUEST'],
    ['an array', json([1, 2]), 'INVALID_REQUEST'],
    ['a number', json(42), 'INVALID_REQUEST'],
    ['a string', binary('"pelican.jpeg"'), 'INVALID_REQUEST'],
    ['a number as binary JSON text', binary(' 42 '), 'INVALID_REQUEST'],
    ['null as binary JSON text', binary('null'), 'INVALID_REQUEST'],
    ['plain text', binary('pelican.jpeg'), 'UNSUPPORTED_IMAGE'],
    ['missing fields', json({ id: 'x' }), 'INVALID_REQUEST'],
    ['fname without image_dir', json({ fname: 'a.jpg' }), 'INVALID_REQUEST'],
    ['wrong field type', json({ image_dir: 5, fname: 'a.jpg' }), 'INVALID_REQUEST'],
    ['relative image_dir', json({ image_dir: 'imgs', fname: 'a.jpg' }), 'INVALID_REQUEST'],
    ['relative image.path', json({ image: { path: 'a.jpg' } }), 'INVALID_REQUEST'],
    ['both forms', json({ image: { path: '/a.jpg' }, image_dir: '/x', fname: 'y' }), 'INVALID_REQUEST'],
    ['path and base64', json({ image: { path: '/a.jpg', base64: 'AAAA' } }), 'INVALID_REQUEST'],
    ['bad base64', json({ image: { base64: 'not base64!' } }), 'INVALID_REQUEST'],
    ['NUL in a path', json({ image: { path: '/a\0.jpg' } }), 'INVALID_REQUEST'],
    ['topK out of range', json({ image: { path: '/a.jpg' }, topK: 0 }), 'INVALID_REQUEST'],
    ['topK not an integer', json({ image: { path: '/a.jpg' }, topK: 2.5 }), 'INVALID_REQUEST'],
    ['random bytes', binary(Buffer.from([0x00, 0x13, 0x99, 0xfe, 0x42])), 'UNSUPPORTED_IMAGE'],
  ])('rejects %s', (_name, message, code) => {
    expect(codeOf(message)).toBe(code);
  });

  it('echoes the id of a request it rejects', () => {
    const result = parseRequest(json({ id: 'keep-me', image: 7 }), makeId);
    expect(!result.ok && result.id).toBe('keep-me');
  });

  it('refuses an oversized id with a fresh id in the reply', () => {
    const result = parseRequest(
      json({ id: 'x'.repeat(MAX_ID_LENGTH + 1), image: { path: '/a.jpg' } }),
      makeId,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('INVALID_REQUEST');
    expect(!result.ok && result.id.length).toBeLessThanOrEqual(MAX_ID_LENGTH);
  });
});

describe('parseRequest messages', () => {
  it('name the field and the value that broke the contract', () => {
    const relative = parseRequest(json({ id: 'r', image_dir: 'imgs', fname: 'a.jpg' }), makeId);
    expect(!relative.ok && relative.error.message).toBe('image_dir must be an absolute path, got "imgs"');
    const topK = parseRequest(json({ id: 't', image: { path: '/a.jpg' }, topK: 0 }), makeId);
    expect(!topK.ok && topK.error.message).toBe('topK must be an integer from 1 to 20');
  });
});
