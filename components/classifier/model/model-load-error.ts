// Why a model could not be loaded; the message names the file and the fix.
import { CodedError, type ErrorCatalogue } from '../../../common/coded-error.ts';

export const MODEL_LOAD_ERROR_CODES = {
  CARD_UNREADABLE: 'the model card file cannot be read or is not JSON',
  CARD_INVALID: 'the model card breaks the card format (every problem is listed)',
  FILE_MISSING: 'the model or labels file the card names is missing (fetch the assets)',
  FILE_CORRUPT: "the model or labels file does not match the card's sha256",
  LABELS_INVALID: 'the labels file is not in the format the card names or does not have one label per class',
  CARD_MISMATCH: "the card contradicts the model's own input or output metadata (every difference is listed)",
  SESSION_FAILED: 'ONNX Runtime could not create a session from the model',
} as const satisfies ErrorCatalogue<string>;

export type ModelLoadFailure = keyof typeof MODEL_LOAD_ERROR_CODES;

export class ModelLoadError extends CodedError<ModelLoadFailure> {}
