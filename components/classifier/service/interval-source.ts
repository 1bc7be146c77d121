// Classifies one file on a period, as AWS's image-classification components do with ImageDirectory,
// ImageName and InferenceInterval (their sample code classifies at start, then sleeps the
// interval: README, "Replacing AWS's image-classification components").
import path from 'node:path';

export interface IntervalSourceSettings {
  readonly directory: string;
  readonly file: string;
  readonly intervalMs: number;
}

export const sameIntervalSource = (
  a: IntervalSourceSettings | undefined,
  b: IntervalSourceSettings | undefined,
): boolean =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.directory === b.directory &&
    a.file === b.file &&
    a.intervalMs === b.intervalMs);

/** Calls `fire` with the file's path now and every interval; returns the stop. */
export function startIntervalSource(
  settings: IntervalSourceSettings,
  fire: (file: string) => void,
): () => void {
  const file = path.join(settings.directory, settings.file);
  fire(file);
  const timer = setInterval(() => fire(file), settings.intervalMs);
  return () => clearInterval(timer);
}
