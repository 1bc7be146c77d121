// Evaluates a step's `Skipif` (nucleus GenericExternalService.shouldSkip): `onpath <program>`
// is true when the program is found on PATH, `exists <file>` when the file exists (`~/` is the
// home folder); a leading `!` negates.

import fs from 'node:fs';
import path from 'node:path';
import type { SkipIf } from '../recipes/lifecycle-definition.ts';
import { expandHome } from '../util/home-path.ts';

export function shouldSkip(skipIf: SkipIf, env: Readonly<Record<string, string>>): boolean {
  const holds =
    skipIf.check === 'onpath'
      ? isOnPath(skipIf.target, env.PATH ?? '')
      : fs.existsSync(expandHome(skipIf.target));
  return holds !== skipIf.negate;
}

function isOnPath(program: string, searchPath: string): boolean {
  if (program.includes('/')) return isExecutable(program);
  return searchPath
    .split(path.delimiter)
    .filter((dir) => dir !== '')
    .some((dir) => isExecutable(path.join(dir, program)));
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
