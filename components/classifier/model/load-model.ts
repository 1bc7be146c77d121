import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CARD_FILES_FOLDER, type CardFile } from './asset-file.ts';
import { type ClassLabel, parseLabels } from './labels.ts';
import { classCount, type ModelCard, parseModelCard } from './model-card.ts';
import { ModelLoadError } from './model-load-error.ts';

/** How fingerprintCard marks a card it cannot reach. */
export const UNREACHABLE_CARD = 'missing:';

export interface ModelFiles {
  readonly card: ModelCard;
  readonly modelPath: string;
  /** The verified model bytes: the session is created from these, not by reopening the file. */
  readonly modelBytes: Uint8Array;
  readonly labels: readonly ClassLabel[];
  /** The card's real path, size and modification time when it was read (cardFingerprint). */
  readonly cardFingerprint: string;
}

const FETCH_HINT = 'run `npm run assets` (offline: set ASSET_MIRROR to a folder holding the upstream files)';

/** Reads a model card, then its model and labels files, checking each file's sha256. */
export async function loadModel(cardPath: string): Promise<ModelFiles> {
  const cardFingerprint = await fingerprintCard(cardPath);
  const card = await readCard(cardPath);
  const filesDir = join(dirname(cardPath), CARD_FILES_FOLDER);
  const modelPath = join(filesDir, card.model.file);
  const modelBytes = await readVerified(modelPath, card.model);
  const labelsPath = join(filesDir, card.labels.file);
  const parsed = parseLabels(
    (await readVerified(labelsPath, card.labels)).toString('utf8'),
    card.labels.format,
    classCount(card),
  );
  if (!parsed.ok) throw new ModelLoadError('LABELS_INVALID', `labels file ${labelsPath} ${parsed.problem}`);
  return { card, modelPath, modelBytes, labels: parsed.labels, cardFingerprint };
}

/**
 * What identifies the card's current content without reading it: its real path (a model
 * component's new version re-points a link), size and modification time (a card edited in
 * place). `missing: <code>` when it cannot be reached.
 */
export async function fingerprintCard(cardPath: string): Promise<string> {
  try {
    const real = await realpath(cardPath);
    const { size, mtimeMs } = await stat(real);
    return `${real} ${size} ${mtimeMs}`;
  } catch (error) {
    return `${UNREACHABLE_CARD} ${describe(error)}`;
  }
}

async function readCard(cardPath: string): Promise<ModelCard> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(cardPath, 'utf8'));
  } catch (error) {
    throw new ModelLoadError('CARD_UNREADABLE', `cannot read model card ${cardPath}: ${describe(error)}`, {
      cause: error,
    });
  }
  const parsed = parseModelCard(json);
  if (!parsed.ok)
    throw new ModelLoadError('CARD_INVALID', `model card ${cardPath} is invalid:\n${parsed.problems}`);
  return parsed.card;
}

async function readVerified(path: string, expected: CardFile): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const fix = expected.url === undefined ? 'the card names it and it is not there' : FETCH_HINT;
    throw new ModelLoadError('FILE_MISSING', `cannot read ${path} (${describe(error)}): ${fix}`, {
      cause: error,
    });
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (sha256 !== expected.sha256) {
    const expectedSize = expected.bytes === undefined ? '' : ` (${expected.bytes} bytes)`;
    const fix =
      expected.url === undefined
        ? 'put the right file there or correct the card'
        : `delete it and ${FETCH_HINT}`;
    throw new ModelLoadError(
      'FILE_CORRUPT',
      `${path} has sha256 ${sha256} (${bytes.length} bytes), expected ${expected.sha256}${expectedSize}: ${fix}`,
    );
  }
  return bytes;
}

function describe(error: unknown): string {
  if (error instanceof Error)
    return 'code' in error && typeof error.code === 'string' ? error.code : error.message;
  return String(error);
}
