// Recognises the raster formats the classifier accepts from their leading bytes, before any
// decoder sees them. An allow-list keeps libvips' other loaders (SVG, PDF, raw, matrix, ...)
// away from untrusted input.

export const SUPPORTED_IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif'] as const;
export type ImageFormat = (typeof SUPPORTED_IMAGE_FORMATS)[number];

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  bytes.length >= at + signature.length && signature.every((byte, i) => bytes[at + i] === byte);

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

const AVIF_BRANDS = new Set(['avif', 'avis']);

/** The format named by the signature at the start of `bytes`, or undefined. */
export function detectImageFormat(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return 'tiff';
  if (startsWith(bytes, ascii('ftyp'), 4) && ftypBrands(bytes).some((brand) => AVIF_BRANDS.has(brand))) {
    return 'avif';
  }
  return undefined;
}

/** ISO-BMFF `ftyp` box: major brand at 8, then compatible brands up to the box size. */
function ftypBrands(bytes: Uint8Array): string[] {
  const boxSize = Math.min(
    bytes.length,
    ((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0),
  );
  const brands: string[] = [];
  for (let at = 8; at + 4 <= boxSize; at += 4) {
    if (at === 12) continue; // minor version, not a brand
    brands.push(String.fromCharCode(...bytes.subarray(at, at + 4)));
  }
  return brands;
}
