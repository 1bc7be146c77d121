// Waits for a line in a log file the core writes (greengrass.log, <Component>.log), woken by
// file-system events instead of polling on a timer.
import fs from 'node:fs';
import path from 'node:path';

/** Failure guard only. */
export const LOG_WAIT_TIMEOUT_MS = 30_000;

export function readLines(file: string): string[] {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line !== '');
  } catch {
    return [];
  }
}

/** Resolves with the first line of `file` matching `pattern`, now or once it is written. */
export async function waitForLogLine(
  file: string,
  pattern: RegExp,
  timeoutMs = LOG_WAIT_TIMEOUT_MS,
  signal?: AbortSignal,
): Promise<string> {
  const [line] = await waitForLogLines(file, pattern, 1, timeoutMs, signal);
  return line as string;
}

/** Resolves with the lines of `file` matching `pattern` once there are at least `count`; `signal` gives up. */
export function waitForLogLines(
  file: string,
  pattern: RegExp,
  count: number,
  timeoutMs = LOG_WAIT_TIMEOUT_MS,
  signal?: AbortSignal,
): Promise<string[]> {
  const dir = path.dirname(file);
  fs.mkdirSync(dir, { recursive: true });
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const found = readLines(file).filter((line) => pattern.test(line));
      if (found.length < count) return false;
      finish();
      resolve(found);
      return true;
    };
    const watcher = fs.watch(dir, () => check());
    watcher.on('error', (error) => {
      finish();
      reject(error);
    });
    const timer = setTimeout(() => {
      finish();
      reject(
        new Error(
          `fewer than ${count} lines matching ${pattern} in ${file} within ${timeoutMs} ms; last lines:\n${readLines(file).slice(-10).join('\n')}`,
        ),
      );
    }, timeoutMs);
    const onAbort = () => {
      finish();
      reject(new Error(`gave up waiting for ${pattern} in ${file}`));
    };
    const finish = () => {
      clearTimeout(timer);
      watcher.close();
      signal?.removeEventListener('abort', onAbort);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    if (!check() && signal?.aborted) onAbort();
  });
}
