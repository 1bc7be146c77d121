import { z } from 'zod';
import { type AssetFile, AssetFileSchema } from '../../components/classifier/model/asset-file.ts';
import { type ModelCard, ModelCardSchema } from '../../components/classifier/model/model-card.ts';

export const SampleImagesCardSchema = z.strictObject({
  kind: z.literal('sample-images'),
  description: z.string(),
  images: z.array(AssetFileSchema).min(1),
});

export type SampleImagesCard = z.infer<typeof SampleImagesCardSchema>;
type Card = ModelCard | SampleImagesCard;

export type ParsedCardFiles = { ok: true; files: AssetFile[] } | { ok: false; problems: string };

/** The files a card in `models/` names, from its parsed JSON. */
export function parseCardFiles(json: unknown): ParsedCardFiles {
  const kind = typeof json === 'object' && json !== null && 'kind' in json ? json.kind : undefined;
  const schema =
    kind === 'sample-images'
      ? SampleImagesCardSchema
      : kind === 'image-classification-model'
        ? ModelCardSchema
        : undefined;
  if (!schema)
    return {
      ok: false,
      problems: `unknown card kind ${JSON.stringify(kind)} (expected "image-classification-model" or "sample-images")`,
    };
  const result = schema.safeParse(json);
  if (!result.success) return { ok: false, problems: z.prettifyError(result.error) };
  const card: Card = result.data;
  if (card.kind === 'sample-images') return { ok: true, files: card.images };
  const files: AssetFile[] = [];
  for (const named of [card.model, card.labels]) {
    const { file, url, sha256, bytes } = named;
    if (url === undefined || bytes === undefined)
      return {
        ok: false,
        problems: `${file} has no url and bytes: only files with both can be downloaded (a model already on disk needs no card in models/)`,
      };
    files.push({ file, url, sha256, bytes });
  }
  return { ok: true, files };
}
