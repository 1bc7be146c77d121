// The framer against frames captured from the unmodified SDK client and hand-made bad frames,
// fed whole, split at every offset, and byte by byte.

import { describe, expect, test } from 'vitest';
import { FrameDecoder, type FrameError } from '../../../emulator/ipc/frame-decoder.ts';
import { SDK_CLIENT_FRAMES } from '../../fixtures/ipc/sdk-frames.ts';
import { prelude } from '../helpers/frames.ts';

const MAX_FRAME_BYTES = 24 * 1024 * 1024;
const sdkFrames = SDK_CLIENT_FRAMES.map(({ hex }) => Buffer.from(hex, 'hex'));
const stream = Buffer.concat(sdkFrames);

function feed(
  chunks: Uint8Array[],
  maxFrameBytes = MAX_FRAME_BYTES,
): { frames: Buffer[]; error?: FrameError } {
  const decoder = new FrameDecoder(maxFrameBytes);
  const frames: Buffer[] = [];
  for (const chunk of chunks) {
    const error = decoder.push(chunk, (frame) => frames.push(Buffer.from(frame)));
    if (error) return { frames, error };
  }
  return { frames };
}

describe('valid input', () => {
  test('all captured SDK frames in one chunk come out whole and in order', () => {
    expect(feed([stream]).frames).toEqual(sdkFrames);
  });

  test('the same frames split into two chunks at every offset', () => {
    const expected = sdkFrames.map((frame) => frame.toString('hex')).join('|');
    const wrongSplits: number[] = [];
    for (let offset = 0; offset <= stream.length; offset += 1) {
      const result = feed([stream.subarray(0, offset), stream.subarray(offset)]);
      const got = result.frames.map((frame) => frame.toString('hex')).join('|');
      if (result.error || got !== expected) wrongSplits.push(offset);
    }
    expect(wrongSplits).toEqual([]);
  });

  test('the same frames fed one byte at a time', () => {
    const bytes = [...stream].map((byte) => Uint8Array.of(byte));
    expect(feed(bytes).frames).toEqual(sdkFrames);
  });

  test('a truncated frame is held, not emitted, and completes with the next chunk', () => {
    const decoder = new FrameDecoder(MAX_FRAME_BYTES);
    const frames: Uint8Array[] = [];
    const [first] = sdkFrames;
    if (!first) throw new Error('no captured frames');
    expect(decoder.push(first.subarray(0, first.length - 1), (frame) => frames.push(frame))).toBeUndefined();
    expect(frames).toHaveLength(0);
    expect(decoder.bufferedBytes).toBe(first.length - 1);
    decoder.push(first.subarray(first.length - 1), (frame) => frames.push(frame));
    expect(frames.map((frame) => Buffer.from(frame))).toEqual([first]);
    expect(decoder.bufferedBytes).toBe(0);
  });
});

describe('invalid input', () => {
  const flipped = (offset: number) => {
    const copy = Buffer.from(sdkFrames[0] ?? []);
    copy[offset] = (copy[offset] ?? 0) ^ 0x01;
    return copy;
  };
  const cases: ReadonlyArray<readonly [string, Buffer, FrameError['code']]> = [
    ['a flipped length byte', flipped(3), 'PRELUDE_CRC_MISMATCH'],
    ['a flipped payload byte', flipped(100), 'MESSAGE_CRC_MISMATCH'],
    ['a flipped message CRC', flipped((sdkFrames[0]?.length ?? 1) - 1), 'MESSAGE_CRC_MISMATCH'],
    ['a length under 16', prelude(15, 0), 'FRAME_TOO_SHORT'],
    ['a length over the limit', prelude(MAX_FRAME_BYTES + 1, 0), 'FRAME_TOO_LARGE'],
    ['a 4 GiB length', prelude(0xffffffff, 0), 'FRAME_TOO_LARGE'],
    ['a header length past the frame', prelude(32, 17), 'HEADER_LENGTH_INVALID'],
    ['HTTP text', Buffer.from('GET / HTTP/1.1\r\n\r\n'), 'PRELUDE_CRC_MISMATCH'],
  ];
  test.each(cases)('%s is rejected with %s, whole or byte by byte', (_, bytes, code) => {
    expect(feed([bytes]).error?.code).toBe(code);
    expect(feed([...bytes].map((byte) => Uint8Array.of(byte))).error?.code).toBe(code);
  });

  test('an oversized frame is rejected from its prelude alone, before any body byte arrives', () => {
    const decoder = new FrameDecoder(1024);
    expect(decoder.push(prelude(1025, 0), () => {})?.code).toBe('FRAME_TOO_LARGE');
    expect(decoder.bufferedBytes).toBe(0);
  });

  test('after an error the decoder stays failed and emits nothing more', () => {
    const decoder = new FrameDecoder(MAX_FRAME_BYTES);
    const frames: Uint8Array[] = [];
    expect(decoder.push(prelude(8, 0), (frame) => frames.push(frame))?.code).toBe('FRAME_TOO_SHORT');
    expect(decoder.push(stream, (frame) => frames.push(frame))).toBeUndefined();
    expect(frames).toHaveLength(0);
  });

  test('frames before a bad one in the same chunk are still emitted', () => {
    const result = feed([Buffer.concat([stream, prelude(3, 0)])]);
    expect(result.frames).toEqual(sdkFrames);
    expect(result.error?.code).toBe('FRAME_TOO_SHORT');
  });
});
