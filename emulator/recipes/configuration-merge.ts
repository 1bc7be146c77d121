// How a deployment builds a component's configuration (docs/greengrass-behaviour.md#deployment-configuration-updates; nucleus
// KernelConfigResolver.resolveConfigurationToApply):
//   1. start from the configuration the component already has on the device;
//   2. remove every RESET pointer (`""` resets everything; list elements cannot be reset);
//   3. merge DefaultConfiguration UNDER it: only missing keys are filled, existing values win;
//   4. merge the deployment's MERGE object ON TOP: values replaced, types may change, lists
//      replaced whole, null allowed.
// Only root components of a deployment receive RESET/MERGE updates.

import { cloneJson, isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';
import { parseJsonPointer, tokenMayBeIndex } from './json-pointer.ts';

export interface ConfigurationUpdate {
  readonly merge?: Readonly<JsonObject>;
  readonly reset?: readonly string[];
}

export interface ResolvedConfiguration {
  readonly configuration: JsonObject;
  /** RESET pointers that were refused (invalid, or addressing a list element), with the reason. */
  readonly problems: readonly string[];
}

export function resolveConfiguration(
  existing: Readonly<JsonObject> | undefined,
  defaults: Readonly<JsonObject>,
  update: ConfigurationUpdate = {},
): ResolvedConfiguration {
  const problems: string[] = [];
  let configuration = cloneJson((existing ?? {}) as JsonObject);
  for (const pointer of update.reset ?? []) {
    if (pointer === '') {
      configuration = {};
      break; // the nucleus stops at a whole-document reset
    }
    const tokens = parseJsonPointer(pointer);
    if (tokens === undefined)
      problems.push(`RESET path "${pointer}" is not a JSON pointer (start it with "/")`);
    else if (tokens.some(tokenMayBeIndex))
      problems.push(`RESET path "${pointer}" points into a list; reset the whole list`);
    else removeAt(configuration, tokens);
  }
  mergeUnder(configuration, defaults);
  if (update.merge !== undefined) mergeOver(configuration, update.merge);
  return { configuration, problems };
}

/** Fills keys missing in `target` from `defaults`, recursing into objects both sides hold. */
export function mergeUnder(target: JsonObject, defaults: Readonly<JsonObject>): void {
  for (const [key, value] of Object.entries(defaults)) {
    const current = target[key];
    if (current === undefined) target[key] = cloneJson(value as JsonValue);
    else if (isJsonObject(current) && isJsonObject(value)) mergeUnder(current, value);
  }
}

/** Writes `update` onto `target`: objects merge key by key, everything else (lists too) replaces. */
export function mergeOver(target: JsonObject, update: Readonly<JsonObject>): void {
  for (const [key, value] of Object.entries(update)) {
    const current = target[key];
    if (isJsonObject(current) && isJsonObject(value)) mergeOver(current, value);
    else target[key] = cloneJson(value as JsonValue);
  }
}

function removeAt(document: JsonObject, tokens: readonly string[]): void {
  let parent: JsonObject = document;
  for (const token of tokens.slice(0, -1)) {
    const next = parent[token];
    if (!isJsonObject(next)) return;
    parent = next;
  }
  const last = tokens.at(-1);
  if (last !== undefined) delete parent[last];
}
