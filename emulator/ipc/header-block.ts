// Bounds check of a frame's header block before the codec parses it. The codec's
// HeaderMarshaller trusts the lengths inside the block, so a header whose declared length runs
// past the block would silently read payload bytes; aws-c-event-stream rejects such frames
// (docs/ipc-protocol.md#framing), and so do we.

/** aws-c-event-stream limits (docs/ipc-protocol.md#framing). */
export const MAX_HEADERS_PER_FRAME = 1024;
export const MAX_HEADER_VALUE_BYTES = 32_767;

/** Value sizes of the fixed-width header types (docs/ipc-protocol.md#framing, header type table). */
const FIXED_VALUE_BYTES: ReadonlyMap<number, number> = new Map([
  [0, 0], // bool true
  [1, 0], // bool false
  [2, 1], // byte
  [3, 2], // int16
  [4, 4], // int32
  [5, 8], // int64
  [8, 8], // timestamp
  [9, 16], // UUID
]);
const BYTE_BUFFER_TYPE = 6;
const STRING_TYPE = 7;

/** Returns a description of the first failed check, or undefined when the block is well formed. */
export function checkHeaderBlock(block: Uint8Array): string | undefined {
  let offset = 0;
  let count = 0;
  while (offset < block.length) {
    count += 1;
    if (count > MAX_HEADERS_PER_FRAME) return `more than ${MAX_HEADERS_PER_FRAME} headers`;
    const nameBytes = block[offset] ?? 0;
    if (nameBytes === 0) return `header ${count} has an empty name`;
    offset += 1 + nameBytes;
    if (offset >= block.length) return `header ${count} runs past the end of the header block`;
    const type = block[offset] ?? 0;
    offset += 1;
    const fixedBytes = FIXED_VALUE_BYTES.get(type);
    if (fixedBytes !== undefined) {
      offset += fixedBytes;
    } else if (type === BYTE_BUFFER_TYPE || type === STRING_TYPE) {
      if (offset + 2 > block.length) return `header ${count} runs past the end of the header block`;
      const valueBytes = ((block[offset] ?? 0) << 8) | (block[offset + 1] ?? 0);
      if (valueBytes > MAX_HEADER_VALUE_BYTES) {
        return `header ${count} value of ${valueBytes} bytes exceeds ${MAX_HEADER_VALUE_BYTES}`;
      }
      offset += 2 + valueBytes;
    } else {
      return `header ${count} has unknown value type ${type}`;
    }
    if (offset > block.length) return `header ${count} runs past the end of the header block`;
  }
  return undefined;
}
