// greengrass-cli's TEXT_OR_FILE and JSON_OR_FILE arguments: an existing file's contents, else the
// text itself (DeploymentCommand.create, TopicBaseInfo.getContent). A leading `~/` is the home folder.

import fs from 'node:fs';
import path from 'node:path';
import { expandHome } from '../util/home-path.ts';
import { CliError } from './cli-error.ts';

function existingFile(value: string): string | undefined {
  const expanded = expandHome(value);
  try {
    return fs.statSync(expanded).isFile() ? path.resolve(expanded) : undefined;
  } catch {
    return undefined; // not a path (e.g. JSON text): use the text itself
  }
}

/** Bytes of the file `value` names, else the UTF-8 bytes of `value`. */
export function readTextOrFile(value: string): Buffer {
  const file = existingFile(value);
  return file === undefined ? Buffer.from(value, 'utf8') : fs.readFileSync(file);
}

/** JSON from the file `value` names, else `value` parsed as JSON. */
export function readJsonOrFile(value: string, option: string): unknown {
  const file = existingFile(value);
  const text = file === undefined ? value : fs.readFileSync(file, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(
      'INPUT_INVALID',
      `${option} is not a properly formatted JSON file or JSON string (${file ?? 'text'}): ${(error as Error).message}`,
      { cause: error },
    );
  }
}

/** `~/` expanded and made absolute against the CLI's working folder (NucleusAdapterIpcClientImpl.deTilde). */
export function absolutePath(value: string): string {
  return path.resolve(expandHome(value));
}
