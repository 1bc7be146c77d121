// Hand-made bytes for framing tests.

import { crc32 } from 'node:zlib';

/** A 12-byte prelude with a valid CRC that announces `totalBytes` and `headerBytes`. */
export function prelude(totalBytes: number, headerBytes: number): Buffer {
  const bytes = Buffer.alloc(12);
  bytes.writeUInt32BE(totalBytes, 0);
  bytes.writeUInt32BE(headerBytes, 4);
  bytes.writeUInt32BE(crc32(bytes.subarray(0, 8)), 8);
  return bytes;
}
