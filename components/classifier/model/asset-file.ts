import { z } from 'zod';

const bareFileName = z
  .string()
  .regex(/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/, 'must be a bare file name (letters, digits, ".", "_", "-")');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits');

/**
 * A file a model card names: a bare file name, resolved in the `files/` folder next to the
 * card, with its sha256. `url` says where `npm run assets` downloads it from; a model that is
 * already on disk needs none.
 */
export const CardFileSchema = z.strictObject({
  file: bareFileName,
  sha256,
  bytes: z.number().int().positive().optional(),
  url: z.url({ protocol: /^https?$/ }).optional(),
});

export type CardFile = z.infer<typeof CardFileSchema>;

/**
 * A file the project downloads (`npm run assets`): a card file with its url and size. The
 * url's file name is also the upstream name, so an offline mirror (ASSET_MIRROR) holds it
 * under the same name.
 */
export const AssetFileSchema = CardFileSchema.required({ url: true, bytes: true });

export type AssetFile = z.infer<typeof AssetFileSchema>;

/** Cards live in `models/`; their files in `models/files/` (and the same layout in artifacts). */
export const CARD_FILES_FOLDER = 'files';
