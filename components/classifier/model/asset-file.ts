import { z } from 'zod';

/**
 * One downloadable file named by a card in `models/`. `file` is a bare file name, resolved in
 * the `files/` folder next to the card; it is also the upstream file name, so an offline
 * mirror (ASSET_MIRROR) holds it under the same name.
 */
export const AssetFileSchema = z.strictObject({
  file: z
    .string()
    .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/, 'must be a bare file name (letters, digits, ".", "_", "-")'),
  url: z.url({ protocol: /^https?$/ }),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'),
  bytes: z.number().int().positive(),
});

export type AssetFile = z.infer<typeof AssetFileSchema>;

/** Cards live in `models/`; their files in `models/files/` (and the same layout in artifacts). */
export const CARD_FILES_FOLDER = 'files';
