import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildPublishRequest,
  type IncomingMessage,
  parseSubscriptionMessage,
} from '../../components/runtime/ipc/messages.ts';
import { type Harness, type SdkClient, startHarness } from '../emulator/helpers/ipc-harness.ts';

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

describe('buildPublishRequest, through the SDK client and the local core', () => {
  let harness: Harness;
  let publisher: SdkClient;
  const received: IncomingMessage[] = [];

  beforeAll(async () => {
    harness = await startHarness();
    publisher = await harness.connect(harness.addComponent('test.publisher', { publish: ['wire/*'] }));
    const subscriber = await harness.connect(
      harness.addComponent('test.subscriber', { subscribe: ['wire/#'] }),
    );
    const stream = subscriber.subscribeToTopic({ topic: 'wire/#' });
    stream.on('message', (event) => {
      const message = parseSubscriptionMessage(event, 'wire/#');
      if (message) received.push(message);
    });
    await stream.activate();
  });
  afterAll(async () => harness?.close());

  it('delivers a JSON value as a jsonMessage and bytes byte for byte as a binaryMessage', async () => {
    await publisher.publishToTopic(
      buildPublishRequest('wire/json', { kind: 'json', value: { x: 1, s: 'é' } }),
    );
    const bytes = new Uint8Array([0, 255, 7, 0x7b]);
    await publisher.publishToTopic(buildPublishRequest('wire/binary', { kind: 'binary', bytes }));
    await vi.waitFor(() => expect(received).toHaveLength(2));
    expect(received[0]).toEqual({ kind: 'json', topic: 'wire/json', value: { x: 1, s: 'é' } });
    expect(received[1]?.kind).toBe('binary');
    expect(received[1]?.topic).toBe('wire/binary');
    expect(received[1]?.kind === 'binary' && [...received[1].bytes]).toEqual([0, 255, 7, 0x7b]);
  });
});
