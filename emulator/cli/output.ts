// Where the verbs write: injected so tests can run a verb in-process if they want to.

export interface Output {
  /** One or more lines for stdout (the result). */
  out(text: string): void;
  /** One or more lines for stderr (progress, problems). */
  err(text: string): void;
}

export const processOutput: Output = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};
