/** Why a model could not be loaded; the message names the file and the fix. */
export type ModelLoadFailure =
  | 'CARD_UNREADABLE'
  | 'CARD_INVALID'
  | 'FILE_MISSING'
  | 'FILE_CORRUPT'
  | 'LABELS_INVALID'
  | 'SESSION_FAILED';

export class ModelLoadError extends Error {
  override readonly name = 'ModelLoadError';
  readonly reason: ModelLoadFailure;

  /** The code the component runtime logs for a failed start (its `code` field). */
  get code(): ModelLoadFailure {
    return this.reason;
  }

  constructor(reason: ModelLoadFailure, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
