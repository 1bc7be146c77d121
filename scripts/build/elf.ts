// Reads the platform a native binary was built for from its first bytes, so the build can
// prove an artifact holds only its target's binaries. Pure: no I/O.
// ELF header: magic 7f 45 4c 46, EI_DATA at byte 5 (1 = little endian), e_machine (u16) at 18.

export type BinaryKind =
  | { readonly kind: 'elf'; readonly machine: number }
  | { readonly kind: 'mach-o' }
  | { readonly kind: 'pe' }
  | { readonly kind: 'other' };

/** Bytes needed by `classifyBinary`. */
export const BINARY_HEADER_BYTES = 20;

const MACH_O_MAGICS = new Set([0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe, 0xcafebabe]);

export function classifyBinary(header: Uint8Array): BinaryKind {
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  if (
    header.length >= BINARY_HEADER_BYTES &&
    header[0] === 0x7f &&
    header[1] === 0x45 &&
    header[2] === 0x4c &&
    header[3] === 0x46
  ) {
    return { kind: 'elf', machine: view.getUint16(18, header[5] === 1) };
  }
  if (header.length >= 4 && MACH_O_MAGICS.has(view.getUint32(0, false))) return { kind: 'mach-o' };
  if (header.length >= 2 && header[0] === 0x4d && header[1] === 0x5a) return { kind: 'pe' };
  return { kind: 'other' };
}
