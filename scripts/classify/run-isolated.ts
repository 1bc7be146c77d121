import { spawn } from 'node:child_process';

/**
 * Runs this same CLI in a child process that gets `paths` on its standard input (NUL-separated)
 * instead of in argv, so the process creating the ONNX session keeps a short command line.
 * Resolves with the child's exit code; its stdout and stderr are ours.
 */
export function runIsolated(
  entry: string,
  options: readonly string[],
  paths: readonly string[],
): Promise<number> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, entry, ...options, '--files-from', '-', '--null'],
    {
      stdio: ['pipe', 'inherit', 'inherit'],
    },
  );
  child.stdin.on('error', () => {}); // a child that exits early closes the pipe; its exit code tells why
  child.stdin.end(paths.map((path) => `${path}\0`).join(''));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (signal) process.stderr.write(`classify: the classifying process ended by ${signal}\n`);
      resolve(code ?? 1);
    });
  });
}
