// `--merge NAME=VERSION` (greengrass-cli deployment create) in a module of its own, so the
// command line can parse it without loading the deployment request schema.

import { CoreError } from '../errors/core-error.ts';

/** `--merge NAME=VERSION` arguments to a name-to-version map. */
export function parseMergeArguments(values: readonly string[]): Record<string, string> {
  const merge: Record<string, string> = {};
  for (const value of values) {
    const match = /^([^=]+)=(.+)$/.exec(value);
    if (match === null) {
      throw new CoreError(
        'INVALID_DEPLOYMENT_REQUEST',
        `--merge "${value}" must be NAME=VERSION, e.g. com.example.App=1.0.0`,
      );
    }
    merge[(match[1] ?? '').trim()] = (match[2] ?? '').trim();
  }
  return merge;
}
