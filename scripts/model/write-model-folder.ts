// Writes a model folder the classifier loads: `<dir>/<name>.json` (the card) and the model and
// labels files in `<dir>/files/`, with the card naming each file and its sha256.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CARD_FILES_FOLDER } from '../../components/classifier/model/asset-file.ts';
import type { ModelCardInput } from '../../components/classifier/model/model-card.ts';

export interface ModelFolderContents {
  /** The card without its `model` and `labels` files; `labels.format` given. */
  readonly card: Omit<ModelCardInput, 'model' | 'labels'> & {
    labels: Pick<ModelCardInput['labels'], 'format'>;
  };
  readonly modelFile: string;
  readonly modelBytes: Uint8Array;
  readonly labelsFile: string;
  readonly labelsBytes: Uint8Array;
}

const described = (file: string, bytes: Uint8Array) => ({
  file,
  sha256: createHash('sha256').update(bytes).digest('hex'),
  bytes: bytes.length,
});

/** Writes the folder and returns the card's path. */
export async function writeModelFolder(dir: string, contents: ModelFolderContents): Promise<string> {
  const filesDir = path.join(dir, CARD_FILES_FOLDER);
  await mkdir(filesDir, { recursive: true });
  await writeFile(path.join(filesDir, contents.modelFile), contents.modelBytes);
  await writeFile(path.join(filesDir, contents.labelsFile), contents.labelsBytes);
  const { kind, name, description, licence, input, output, preprocessing } = contents.card;
  const card: ModelCardInput = {
    kind,
    name,
    ...(description === undefined ? {} : { description }),
    ...(licence === undefined ? {} : { licence }),
    model: described(contents.modelFile, contents.modelBytes),
    input,
    output,
    preprocessing,
    labels: { ...described(contents.labelsFile, contents.labelsBytes), format: contents.card.labels.format },
  };
  const cardPath = path.join(dir, `${contents.card.name}.json`);
  await writeFile(cardPath, `${JSON.stringify(card, null, 2)}\n`);
  return cardPath;
}
