// Our frame decode and encode checked against the library codec, in both directions.

import { Int64, type MessageHeaders } from '@smithy/core/event-streams';
import { describe, expect, test } from 'vitest';
import {
  buildRpcFrame,
  decodeFrame,
  eventStreamCodec,
  rpcFrameBytes,
  rpcFrameTemplate,
} from '../../../emulator/ipc/frame-codec.ts';
import { FrameDecoder } from '../../../emulator/ipc/frame-decoder.ts';
import { SDK_CLIENT_FRAMES } from '../../fixtures/ipc/sdk-frames.ts';

const ALL_HEADER_TYPES: MessageHeaders = {
  yes: { type: 'boolean', value: true },
  no: { type: 'boolean', value: false },
  byte: { type: 'byte', value: -7 },
  short: { type: 'short', value: -300 },
  int: { type: 'integer', value: 2 ** 31 - 1 },
  long: { type: 'long', value: Int64.fromNumber(-(2 ** 40)) },
  bytes: { type: 'binary', value: Uint8Array.of(0, 1, 255) },
  text: { type: 'string', value: 'héllo' },
  time: { type: 'timestamp', value: new Date(1_700_000_000_000) },
  id: { type: 'uuid', value: '01234567-89ab-cdef-0123-456789abcdef' },
};

describe('decodeFrame', () => {
  test('decodes every captured SDK frame exactly as EventStreamCodec.decode does', () => {
    for (const { label, hex } of SDK_CLIENT_FRAMES) {
      const frame = Buffer.from(hex, 'hex');
      const ours = decodeFrame(frame);
      if (!ours.ok) throw new Error(`${label}: ${ours.message}`);
      const library = eventStreamCodec.decode(frame);
      expect(ours.frame.headers, label).toEqual(library.headers);
      expect(Buffer.from(ours.frame.body), label).toEqual(Buffer.from(library.body));
    }
  });

  test('decodes every header type the library encodes', () => {
    const frame = eventStreamCodec.encode({ headers: ALL_HEADER_TYPES, body: Uint8Array.of(1, 2, 3) });
    const decoded = decodeFrame(frame);
    if (!decoded.ok) throw new Error(decoded.message);
    expect(decoded.frame.headers).toEqual(eventStreamCodec.decode(frame).headers);
  });

  const withHeaderBlock = (block: number[]) => {
    const frame = eventStreamCodec.encode({ headers: {}, body: Uint8Array.from(block) });
    // Re-label the payload as the header block (the CRCs are not checked here).
    const view = Buffer.from(frame);
    view.writeUInt32BE(block.length, 4);
    return view;
  };
  test.each([
    ['a string value running past the block', [1, 0x61, 7, 0, 9, 0x62]],
    ['an unknown value type', [1, 0x61, 10]],
    ['an empty header name', [0, 4, 0, 0, 0, 1]],
    ['a name running past the block', [5, 0x61]],
  ])('rejects a header block with %s', (_, block) => {
    const decoded = decodeFrame(withHeaderBlock(block));
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.code).toBe('HEADER_BLOCK_INVALID');
  });
});

describe('buildRpcFrame', () => {
  const template = rpcFrameTemplate({
    type: 'ApplicationMessage',
    flags: 2,
    contentType: 'application/json',
    modelType: 'aws.greengrass#PublishToTopicResponse',
  });

  test('builds frames the library codec decodes, with the stream id patched in', () => {
    for (const streamId of [1, 2, 255, 256, 2 ** 31 - 1]) {
      const body = Buffer.from(JSON.stringify({ streamId }));
      const frame = buildRpcFrame(template, streamId, body);
      expect(frame.length).toBe(rpcFrameBytes(template, body.length));
      const decoded = eventStreamCodec.decode(frame);
      expect(decoded.headers).toEqual({
        ':stream-id': { type: 'integer', value: streamId },
        ':message-type': { type: 'integer', value: 0 },
        ':message-flags': { type: 'integer', value: 2 },
        ':content-type': { type: 'string', value: 'application/json' },
        'service-model-type': { type: 'string', value: 'aws.greengrass#PublishToTopicResponse' },
      });
      expect(Buffer.from(decoded.body)).toEqual(body);
    }
  });

  test('its frames pass our own framer and decoder', () => {
    const frames = [
      buildRpcFrame(template, 3, Buffer.from('{}')),
      buildRpcFrame(template, 4, new Uint8Array(0)),
    ];
    const emitted: Uint8Array[] = [];
    expect(
      new FrameDecoder(1024).push(Buffer.concat(frames), (frame) => emitted.push(frame)),
    ).toBeUndefined();
    expect(emitted.map((frame) => decodeFrame(frame).ok)).toEqual([true, true]);
  });

  test('templates are cached per spec and never modified by a build', () => {
    const again = rpcFrameTemplate({
      type: 'ApplicationMessage',
      flags: 2,
      contentType: 'application/json',
      modelType: 'aws.greengrass#PublishToTopicResponse',
    });
    expect(again).toBe(template);
    const before = Buffer.from(template.headerBlock);
    buildRpcFrame(template, 99, new Uint8Array(0));
    expect(Buffer.from(template.headerBlock)).toEqual(before);
  });
});
