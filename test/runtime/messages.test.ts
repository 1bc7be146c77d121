import { describe, expect, it } from 'vitest';
import { buildPublishRequest, parseSubscriptionMessage } from '../../components/runtime/ipc/messages.ts';

describe('parseSubscriptionMessage', () => {
  it('reads a JSON message with its concrete topic', () => {
    const message = parseSubscriptionMessage(
      { jsonMessage: { message: { a: 1 }, context: { topic: 'local/x' } } },
      'local/+',
    );
    expect(message).toEqual({ kind: 'json', topic: 'local/x', value: { a: 1 } });
  });

  it('reads a binary message as a Buffer and falls back to the subscribed topic', () => {
    const message = parseSubscriptionMessage(
      { binaryMessage: { message: Buffer.from([1, 2, 255]) } },
      'local/result',
    );
    expect(message?.kind).toBe('binary');
    expect(message?.topic).toBe('local/result');
    expect(message?.kind === 'binary' && [...message.bytes]).toEqual([1, 2, 255]);
  });

  it('turns a string payload into its UTF-8 bytes', () => {
    const message = parseSubscriptionMessage({ binaryMessage: { message: 'héllo' } }, 't');
    expect(message?.kind === 'binary' && message.bytes.toString('utf8')).toBe('héllo');
  });

  it('returns undefined for an event with neither member', () => {
    expect(parseSubscriptionMessage({}, 't')).toBeUndefined();
  });
});

describe('buildPublishRequest', () => {
  it('builds a jsonMessage or a binaryMessage', () => {
    expect(buildPublishRequest('t', { kind: 'json', value: { x: 1 } })).toEqual({
      topic: 't',
      publishMessage: { jsonMessage: { message: { x: 1 } } },
    });
    const bytes = new Uint8Array([7]);
    expect(buildPublishRequest('t', { kind: 'binary', bytes })).toEqual({
      topic: 't',
      publishMessage: { binaryMessage: { message: bytes } },
    });
  });
});
