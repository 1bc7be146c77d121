// Whether an embedded ICC profile describes sRGB, so the decoder can skip the colour transform.
//
// sharp converts every image with an embedded profile to sRGB through lcms2 (sharp's
// src/pipeline.cc, "Convert to sRGB/P3 using embedded profile"), and building that transform
// costs more than decoding the photo: measured on the 100 sample photos, the 23 with a profile
// took 16.2 CPU ms each through the product's pipeline and 7.3 ms with the transform skipped.
// 17 of those 23 profiles are sRGB itself, where the transform changes nothing that matters.
// Written here because the npm `icc` package (lovell/icc) reads a profile's header and text
// tags only, not the colorants and tone curves that say whether it is sRGB.
//
// Layout from the ICC specification ICC.1:2010 (https://www.color.org/specification/ICC.1-2010_Profile.pdf):
// a 128-byte header (7.2), then a tag count and 12-byte entries {signature, offset, size} (7.3);
// XYZType (10.31), curveType (10.6) and parametricCurveType (10.18) tag bodies; numbers are
// big-endian s15Fixed16 or u8Fixed8.

/** sRGB's colorants adapted to the D50 connection space, as in the IEC 61966-2-1 profile. */
const SRGB_COLORANTS = {
  rXYZ: [0.4361, 0.2225, 0.0139],
  gXYZ: [0.3851, 0.7169, 0.0971],
  bXYZ: [0.1431, 0.0606, 0.7141],
} as const;
/** Colorant tolerance: profiles round D50 adaptation differently in the 4th decimal. */
const COLORANT_TOLERANCE = 0.002;
/** Tone-curve tolerance, as a fraction of full scale: half an 8-bit step. */
const CURVE_TOLERANCE = 0.5 / 255;
const CURVE_SAMPLES = 33;
const HEADER_BYTES = 128;
const TAG_ENTRY_BYTES = 12;

/** The sRGB transfer function (IEC 61966-2-1): encoded value in [0, 1] to linear light. */
export const srgbToLinear = (v: number): number => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);

/** True when `profile` is an RGB profile with sRGB's colorants and tone curves; false when unsure. */
export function isSrgbProfile(profile: Uint8Array): boolean {
  try {
    const view = new DataView(profile.buffer, profile.byteOffset, profile.byteLength);
    if (profile.byteLength < HEADER_BYTES + 4) return false;
    if (ascii(profile, 36) !== 'acsp' || ascii(profile, 16) !== 'RGB ') return false;
    const tags = readTagTable(view, profile);
    for (const [signature, expected] of Object.entries(SRGB_COLORANTS)) {
      const xyz = readXyz(view, profile, tags.get(signature));
      if (!xyz || xyz.some((value, i) => Math.abs(value - (expected[i] as number)) > COLORANT_TOLERANCE))
        return false;
    }
    return ['rTRC', 'gTRC', 'bTRC'].every((signature) => {
      const curve = readCurve(view, profile, tags.get(signature));
      return curve !== undefined && isSrgbCurve(curve);
    });
  } catch {
    // A truncated or malformed profile: let the decoder's own colour handling deal with it.
    return false;
  }
}

type Tag = { readonly offset: number; readonly size: number };

const ascii = (bytes: Uint8Array, at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));

function readTagTable(view: DataView, bytes: Uint8Array): Map<string, Tag> {
  const count = view.getUint32(HEADER_BYTES);
  const tags = new Map<string, Tag>();
  for (let i = 0; i < count; i++) {
    const entry = HEADER_BYTES + 4 + i * TAG_ENTRY_BYTES;
    const offset = view.getUint32(entry + 4);
    const size = view.getUint32(entry + 8);
    if (offset + size <= bytes.byteLength) tags.set(ascii(bytes, entry), { offset, size });
  }
  return tags;
}

const s15Fixed16 = (view: DataView, at: number): number => view.getInt32(at) / 65536;

function readXyz(view: DataView, bytes: Uint8Array, tag: Tag | undefined): number[] | undefined {
  if (!tag || tag.size < 20 || ascii(bytes, tag.offset) !== 'XYZ ') return undefined;
  return [0, 1, 2].map((i) => s15Fixed16(view, tag.offset + 8 + 4 * i));
}

/** A tone curve as a function from encoded [0, 1] to linear [0, 1]. */
type Curve = (v: number) => number;

function readCurve(view: DataView, bytes: Uint8Array, tag: Tag | undefined): Curve | undefined {
  if (!tag) return undefined;
  const type = ascii(bytes, tag.offset);
  if (type === 'curv') {
    const count = view.getUint32(tag.offset + 8);
    if (count < 2 || tag.size < 12 + 2 * count) return undefined; // 0: identity, 1: a pure gamma
    const entry = (i: number) => view.getUint16(tag.offset + 12 + 2 * i) / 65535;
    return (v) => {
      const position = v * (count - 1);
      const below = Math.floor(position);
      const above = Math.min(below + 1, count - 1);
      return entry(below) + (entry(above) - entry(below)) * (position - below);
    };
  }
  if (type === 'para') {
    const kind = view.getUint16(tag.offset + 8);
    if (kind !== 3) return undefined; // sRGB is the five-parameter form: Y = (aX+b)^g, or cX below d
    const [g, a, b, c, d] = [0, 1, 2, 3, 4].map((i) => s15Fixed16(view, tag.offset + 12 + 4 * i)) as [
      number,
      number,
      number,
      number,
      number,
    ];
    return (v) => (v >= d ? (a * v + b) ** g : c * v);
  }
  return undefined;
}

function isSrgbCurve(curve: Curve): boolean {
  for (let i = 0; i < CURVE_SAMPLES; i++) {
    const v = i / (CURVE_SAMPLES - 1);
    if (Math.abs(curve(v) - srgbToLinear(v)) > CURVE_TOLERANCE) return false;
  }
  return true;
}
