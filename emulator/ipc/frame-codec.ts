// One frame to a message and back. The event-stream header format is the library's
// (@smithy/core/event-streams, docs/ipc-protocol.md#codec): its HeaderMarshaller parses inbound header
// blocks and formats our outbound ones. The envelope (prelude, CRCs) is ours: the framer has
// already checked it on the way in, and on the way out EventStreamCodec.encode measured 5-9x
// slower than buildRpcFrame for 100 B - 1 KiB bodies (the same at 150 KiB, where copying
// dominates), because it formats every header into small arrays on every call
// (scripts/bench/micro/ipc-codec.ts). Tests check both directions against EventStreamCodec itself.
//
// Outbound RPC frames put `:stream-id` first, so a cached header block is patched at a fixed
// offset; each outbound frame is one allocation of its exact size.

import { crc32 } from 'node:zlib';
import { EventStreamCodec, HeaderMarshaller, type MessageHeaders } from '@smithy/core/event-streams';
import { FRAME_OVERHEAD_BYTES, PRELUDE_BYTES } from './frame-decoder.ts';
import { checkHeaderBlock } from './header-block.ts';
import {
  HEADER_CONTENT_TYPE,
  HEADER_MESSAGE_FLAGS,
  HEADER_MESSAGE_TYPE,
  HEADER_SERVICE_MODEL_TYPE,
  HEADER_STREAM_ID,
  MESSAGE_TYPE_CODES,
  type MessageType,
} from './rpc-message.ts';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();
const toUtf8 = (bytes: Uint8Array): string => utf8Decoder.decode(bytes);
const fromUtf8 = (text: string): Uint8Array => utf8Encoder.encode(text);

const headerMarshaller = new HeaderMarshaller(toUtf8, fromUtf8);
/** The library codec, for rare frames with arbitrary headers (PingResponse) and for tests. */
export const eventStreamCodec = new EventStreamCodec(toUtf8, fromUtf8);

export interface DecodedFrame {
  readonly headers: MessageHeaders;
  readonly body: Uint8Array;
}

export type FrameDecodeResult =
  | { readonly ok: true; readonly frame: DecodedFrame }
  | { readonly ok: false; readonly code: 'HEADER_BLOCK_INVALID'; readonly message: string };

/** Decodes a frame whose envelope FrameDecoder has already verified. */
export function decodeFrame(frame: Uint8Array): FrameDecodeResult {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const headerBytes = view.getUint32(4, false);
  const block = frame.subarray(PRELUDE_BYTES, PRELUDE_BYTES + headerBytes);
  const problem = checkHeaderBlock(block);
  if (problem) return { ok: false, code: 'HEADER_BLOCK_INVALID', message: problem };
  const headers = headerMarshaller.parse(
    new DataView(frame.buffer, frame.byteOffset + PRELUDE_BYTES, headerBytes),
  );
  const body = frame.subarray(PRELUDE_BYTES + headerBytes, frame.length - 4);
  return { ok: true, frame: { headers, body } };
}

export interface RpcFrameSpec {
  readonly type: MessageType;
  readonly flags: number;
  readonly contentType?: string;
  readonly modelType?: string;
}

/** A header block with `:stream-id` 0 at a known offset, shared by every frame of one spec. */
export interface RpcFrameTemplate {
  readonly headerBlock: Uint8Array;
}

// 1 byte name length + ":stream-id" + 1 byte type tag; the int32 value follows.
const STREAM_ID_VALUE_OFFSET = 1 + HEADER_STREAM_ID.length + 1;
const templates = new Map<string, RpcFrameTemplate>();

/** The cached template for a spec; hot paths keep the returned object. */
export function rpcFrameTemplate(spec: RpcFrameSpec): RpcFrameTemplate {
  const key = `${spec.type}\n${spec.flags}\n${spec.contentType ?? ''}\n${spec.modelType ?? ''}`;
  let template = templates.get(key);
  if (!template) {
    const headers: MessageHeaders = {
      [HEADER_STREAM_ID]: { type: 'integer', value: 0 },
      [HEADER_MESSAGE_TYPE]: { type: 'integer', value: MESSAGE_TYPE_CODES[spec.type] },
      [HEADER_MESSAGE_FLAGS]: { type: 'integer', value: spec.flags },
    };
    if (spec.contentType !== undefined)
      headers[HEADER_CONTENT_TYPE] = { type: 'string', value: spec.contentType };
    if (spec.modelType !== undefined) {
      headers[HEADER_SERVICE_MODEL_TYPE] = { type: 'string', value: spec.modelType };
    }
    template = { headerBlock: headerMarshaller.format(headers) };
    templates.set(key, template);
  }
  return template;
}

/** Size of the frame `buildRpcFrame` would produce, to check limits before building it. */
export function rpcFrameBytes(template: RpcFrameTemplate, bodyBytes: number): number {
  return FRAME_OVERHEAD_BYTES + template.headerBlock.length + bodyBytes;
}

/** A frame payload: one array, or pieces copied in order (saves joining them first). */
export type FrameBody = Uint8Array | readonly Uint8Array[];

export function frameBodyBytes(body: FrameBody): number {
  if (body instanceof Uint8Array) return body.length;
  let total = 0;
  for (const piece of body) total += piece.length;
  return total;
}

export function buildRpcFrame(template: RpcFrameTemplate, streamId: number, body: FrameBody): Buffer {
  const headerBytes = template.headerBlock.length;
  const totalBytes = FRAME_OVERHEAD_BYTES + headerBytes + frameBodyBytes(body);
  const frame = Buffer.allocUnsafe(totalBytes);
  frame.writeUInt32BE(totalBytes, 0);
  frame.writeUInt32BE(headerBytes, 4);
  frame.writeUInt32BE(crc32(frame.subarray(0, 8)), 8);
  frame.set(template.headerBlock, PRELUDE_BYTES);
  frame.writeInt32BE(streamId, PRELUDE_BYTES + STREAM_ID_VALUE_OFFSET);
  if (body instanceof Uint8Array) {
    frame.set(body, PRELUDE_BYTES + headerBytes);
  } else {
    let offset = PRELUDE_BYTES + headerBytes;
    for (const piece of body) {
      frame.set(piece, offset);
      offset += piece.length;
    }
  }
  frame.writeUInt32BE(crc32(frame.subarray(0, totalBytes - 4)), totalBytes - 4);
  return frame;
}
