// Recipe variables (docs/greengrass-behaviour.md#recipe-variables; nucleus KernelConfigResolver.interpolate/replace),
// replaced when a deployment is resolved:
//   {artifacts:path} {artifacts:decompressedPath} {work:path} {kernel:rootPath} {iot:thingName}
//   {configuration:/json/pointer}   scalar as text, object/list as JSON (keys sorted), null as
//                                    "null", missing: placeholder left as is
//   {Dep.Name:<namespace>:<key>}    the same for a DIRECT dependency only
// Anything unresolvable stays unchanged and is reported as a problem (the nucleus logs it).

import type { CorePaths } from '../platform/core-paths.ts';
import { isJsonObject, type JsonObject, type JsonValue, sortJsonKeys } from '../util/json.ts';
import { getAtPointer, parseJsonPointer } from './json-pointer.ts';

export interface InterpolationTarget {
  readonly name: string;
  readonly version: string;
  readonly configuration: Readonly<JsonObject>;
}

export interface InterpolationContext {
  readonly component: InterpolationTarget;
  /** Direct dependencies only; others cannot be referenced (reference 3.3). */
  readonly directDependencies: ReadonlyMap<string, InterpolationTarget>;
  readonly paths: CorePaths;
  readonly thingName: string;
  /** Nucleus lite: `{Dep:ns:key}` is not interpolated (left as is, reported). Default true. */
  readonly crossComponent?: boolean;
  /** Nucleus lite: folder variables end with `/` (ggl-config-interpolation). Default false. */
  readonly foldersEndWithSlash?: boolean;
}

export interface InterpolationProblem {
  readonly placeholder: string;
  readonly reason: string;
}

export interface Interpolated<T> {
  readonly value: T;
  readonly problems: readonly InterpolationProblem[];
}

// The nucleus's own patterns: namespace and component name are word characters or dots; the
// key may hold anything but ':' and '}'.
const SAME_COMPONENT = /\{([.\w]+):([^:}]+)\}/g;
const CROSS_COMPONENT = /\{([.\w]+):([.\w]+):([^:}]+)\}/g;

/** Interpolates every string inside `value` (maps recursively; the lifecycle holds no lists). */
export function interpolate<T extends JsonValue>(value: T, context: InterpolationContext): Interpolated<T> {
  const problems: InterpolationProblem[] = [];
  return { value: walk(value, context, problems) as T, problems };
}

function walk(value: JsonValue, context: InterpolationContext, problems: InterpolationProblem[]): JsonValue {
  if (typeof value === 'string') return replaceAll(value, context, problems);
  if (isJsonObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [key, walk(child, context, problems)]),
    );
  }
  return value;
}

function replaceAll(text: string, context: InterpolationContext, problems: InterpolationProblem[]): string {
  const same = text.replace(SAME_COMPONENT, (placeholder, namespace: string, key: string) =>
    lookup(placeholder, context.component, namespace, key, context, problems),
  );
  return same.replace(CROSS_COMPONENT, (placeholder, target: string, namespace: string, key: string) => {
    if (context.crossComponent === false) {
      problems.push({
        placeholder,
        reason: "nucleus lite interpolates only the component's own variables",
      });
      return placeholder;
    }
    const dependency = context.directDependencies.get(target);
    if (dependency === undefined) {
      problems.push({
        placeholder,
        reason: `${target} is not a direct dependency of ${context.component.name}`,
      });
      return placeholder;
    }
    return lookup(placeholder, dependency, namespace, key, context, problems);
  });
}

function lookup(
  placeholder: string,
  target: InterpolationTarget,
  namespace: string,
  key: string,
  context: InterpolationContext,
  problems: InterpolationProblem[],
): string {
  const resolved =
    namespace === 'configuration'
      ? configurationText(target, key)
      : systemValue(target, namespace, key, context);
  if (resolved.ok) return resolved.text;
  problems.push({ placeholder, reason: resolved.reason });
  return placeholder;
}

type Lookup = { ok: true; text: string } | { ok: false; reason: string };

function systemValue(
  target: InterpolationTarget,
  namespace: string,
  key: string,
  context: InterpolationContext,
): Lookup {
  const { paths } = context;
  const folder = (dir: string) => (context.foldersEndWithSlash === true ? `${dir}/` : dir);
  const table: Record<string, Record<string, () => string>> = {
    artifacts: {
      path: () => folder(paths.artifacts(target.name, target.version)),
      decompressedPath: () => folder(paths.unarchived(target.name, target.version)),
    },
    work: { path: () => folder(paths.work(target.name)) },
    kernel: { rootPath: () => paths.root },
    iot: { thingName: () => context.thingName },
  };
  const keys = table[namespace];
  if (keys === undefined) return { ok: false, reason: `unknown namespace "${namespace}"` };
  const get = keys[key];
  if (get === undefined) return { ok: false, reason: `unknown key "${key}" in namespace "${namespace}"` };
  return { ok: true, text: get() };
}

function configurationText(target: InterpolationTarget, pointer: string): Lookup {
  const tokens = parseJsonPointer(pointer);
  if (tokens === undefined)
    return { ok: false, reason: `"${pointer}" is not a JSON pointer (start it with "/")` };
  const value = getAtPointer(target.configuration as JsonObject, tokens);
  if (value === undefined)
    return { ok: false, reason: `no configuration value at "${pointer}" for ${target.name}` };
  if (value === null || typeof value !== 'object') return { ok: true, text: String(value) };
  // The nucleus serialises containers with ORDER_MAP_ENTRIES_BY_KEYS, so keys come out sorted.
  return { ok: true, text: JSON.stringify(sortJsonKeys(value)) };
}
