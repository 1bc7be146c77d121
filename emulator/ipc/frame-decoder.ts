// Splits a byte stream into whole event-stream frames (docs/ipc-protocol.md#framing), checking the
// envelope of each: both CRCs and the lengths. Decoding the headers is frame-codec.ts's job.
//
//   prelude ──12 bytes──▶ prelude CRC, 16 <= total <= max, header length fits ──▶ body
//      ▲                                                                           │
//      └──────── emit frame ◀── message CRC ◀── total − 12 more bytes ◀───────────┘
//   failed: terminal; the owner closes the connection and later input is ignored.
//
// Limits are checked as soon as the prelude is known, before any body byte is buffered. A frame
// that lies within one chunk is emitted as a view into that chunk (no copy); a frame spread over
// chunks is kept as the chunks that arrived and joined once it is complete, so the memory a
// connection holds is what its peer actually sent, never what a prelude announced. The limit
// can change (a connection allows small frames until it has authenticated).

import { crc32 } from 'node:zlib';
import type { FRAME_ERROR_CODES } from './connection-codes.ts';

export const PRELUDE_BYTES = 12;
export const MESSAGE_CRC_BYTES = 4;
/** Prelude plus message CRC: the fixed overhead of every frame (docs/ipc-protocol.md#framing). */
export const FRAME_OVERHEAD_BYTES = PRELUDE_BYTES + MESSAGE_CRC_BYTES;

export type FrameErrorCode = Exclude<keyof typeof FRAME_ERROR_CODES, 'HEADER_BLOCK_INVALID'>;

export interface FrameError {
  readonly code: FrameErrorCode;
  readonly message: string;
}

type DecoderState = 'prelude' | 'body' | 'failed';

export class FrameDecoder {
  #maxFrameBytes: number;
  #state: DecoderState = 'prelude';
  readonly #prelude = new Uint8Array(PRELUDE_BYTES);
  #preludeFilled = 0;
  /** Length of the frame being received, from its prelude. */
  #frameBytes = 0;
  /** What arrived of it so far, as received (copied out of the socket's chunks). */
  #parts: Uint8Array[] = [];
  #frameFilled = 0;

  constructor(maxFrameBytes: number) {
    this.#maxFrameBytes = maxFrameBytes;
  }

  /** The largest frame accepted from the next prelude on. */
  setMaxFrameBytes(maxFrameBytes: number): void {
    this.#maxFrameBytes = maxFrameBytes;
  }

  /** Bytes held for an incomplete frame (for tests and diagnostics). */
  get bufferedBytes(): number {
    return this.#state === 'body' ? this.#frameFilled : this.#preludeFilled;
  }

  /**
   * Consumes a chunk, calling `onFrame` for every complete frame in order. Returns the first
   * framing error; the decoder then stays failed. `onFrame` must not keep the view past the call
   * unless it copies it (it may point into `chunk`).
   */
  push(chunk: Uint8Array, onFrame: (frame: Uint8Array) => void): FrameError | undefined {
    let offset = 0;
    while (offset < chunk.length) {
      if (this.#state === 'failed') return undefined;
      const available = chunk.length - offset;
      if (this.#state === 'body') {
        const take = Math.min(this.#frameBytes - this.#frameFilled, available);
        this.#parts.push(copyOf(chunk.subarray(offset, offset + take)));
        this.#frameFilled += take;
        offset += take;
        if (this.#frameFilled === this.#frameBytes) {
          const frame = joinParts(this.#parts, this.#frameBytes);
          this.#state = 'prelude';
          this.#parts = [];
          const error = this.#emit(frame, onFrame);
          if (error) return error;
        }
      } else if (this.#preludeFilled === 0 && available >= PRELUDE_BYTES) {
        // Fast path: the prelude is inside this chunk, and often the whole frame is too.
        const preludeError = checkPrelude(
          chunk.subarray(offset, offset + PRELUDE_BYTES),
          this.#maxFrameBytes,
        );
        if (preludeError) return this.#fail(preludeError);
        const total = readUint32(chunk, offset);
        if (available >= total) {
          const error = this.#emit(chunk.subarray(offset, offset + total), onFrame);
          if (error) return error;
          offset += total;
        } else {
          this.#startBody(total, chunk.subarray(offset, offset + available));
          offset += available;
        }
      } else {
        const take = Math.min(PRELUDE_BYTES - this.#preludeFilled, available);
        this.#prelude.set(chunk.subarray(offset, offset + take), this.#preludeFilled);
        this.#preludeFilled += take;
        offset += take;
        if (this.#preludeFilled === PRELUDE_BYTES) {
          this.#preludeFilled = 0;
          const preludeError = checkPrelude(this.#prelude, this.#maxFrameBytes);
          if (preludeError) return this.#fail(preludeError);
          this.#startBody(readUint32(this.#prelude, 0), this.#prelude);
        }
      }
    }
    return undefined;
  }

  #startBody(totalBytes: number, firstBytes: Uint8Array): void {
    this.#frameBytes = totalBytes;
    this.#parts = [copyOf(firstBytes)];
    this.#frameFilled = firstBytes.length;
    this.#state = 'body';
  }

  #emit(frame: Uint8Array, onFrame: (frame: Uint8Array) => void): FrameError | undefined {
    const crcError = checkMessageCrc(frame);
    if (crcError) return this.#fail(crcError);
    onFrame(frame);
    return undefined;
  }

  #fail(error: FrameError): FrameError {
    this.#state = 'failed';
    this.#parts = [];
    return error;
  }
}

/** A copy (a Buffer's slice is a view that would keep the socket's whole chunk alive). */
function copyOf(view: Uint8Array): Uint8Array {
  return new Uint8Array(view);
}

function joinParts(parts: readonly Uint8Array[], totalBytes: number): Uint8Array {
  if (parts.length === 1 && parts[0]?.length === totalBytes) return parts[0];
  const frame = new Uint8Array(totalBytes);
  let offset = 0;
  for (const part of parts) {
    frame.set(part, offset);
    offset += part.length;
  }
  return frame;
}

/** Checks the 12-byte prelude, most specific first: nothing in it is trusted before its CRC. */
export function checkPrelude(prelude: Uint8Array, maxFrameBytes: number): FrameError | undefined {
  const expectedCrc = readUint32(prelude, 8);
  const actualCrc = crc32(prelude.subarray(0, 8));
  if (expectedCrc !== actualCrc) {
    return {
      code: 'PRELUDE_CRC_MISMATCH',
      message: `prelude CRC ${hex(expectedCrc)} does not match the computed ${hex(actualCrc)}`,
    };
  }
  const totalBytes = readUint32(prelude, 0);
  const headerBytes = readUint32(prelude, 4);
  if (totalBytes < FRAME_OVERHEAD_BYTES) {
    return {
      code: 'FRAME_TOO_SHORT',
      message: `frame length ${totalBytes} is below the minimum of ${FRAME_OVERHEAD_BYTES} bytes`,
    };
  }
  if (totalBytes > maxFrameBytes) {
    return {
      code: 'FRAME_TOO_LARGE',
      message: `frame length ${totalBytes} exceeds the limit of ${maxFrameBytes} bytes`,
    };
  }
  if (headerBytes > totalBytes - FRAME_OVERHEAD_BYTES) {
    return {
      code: 'HEADER_LENGTH_INVALID',
      message: `header length ${headerBytes} does not fit in a frame of ${totalBytes} bytes`,
    };
  }
  return undefined;
}

function checkMessageCrc(frame: Uint8Array): FrameError | undefined {
  const crcOffset = frame.length - MESSAGE_CRC_BYTES;
  const expectedCrc = readUint32(frame, crcOffset);
  const actualCrc = crc32(frame.subarray(0, crcOffset));
  if (expectedCrc === actualCrc) return undefined;
  return {
    code: 'MESSAGE_CRC_MISMATCH',
    message: `message CRC ${hex(expectedCrc)} does not match the computed ${hex(actualCrc)}`,
  };
}

/** Big-endian uint32 at `offset`; callers have checked that four bytes are there. */
export function readUint32(bytes: Uint8Array, offset: number): number {
  const high = (bytes[offset] ?? 0) * 0x1000000;
  return (
    high + (((bytes[offset + 1] ?? 0) << 16) | ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0))
  );
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
