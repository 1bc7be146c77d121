// A selected lifecycle as nucleus lite 2.6.0 reads it. Lite matches keys case-sensitively:
// lifecycle steps only in lowercase (recipe2unit/src/unit_file_generator.c looks up `install`,
// `run`, `startup`, `bootstrap`, `shutdown`, `recover`), and `Setenv`, `Script`, `Timeout`,
// `RequiresPrivilege` only as written here (ggl-recipe/src/recipe.c, recipe-runner/src/runner.c).
// Any other spelling is ignored, and a recipe left with no install, run, startup or bootstrap
// step is refused with lite's own words. Pure.

import { isJsonObject, type JsonObject } from '../util/json.ts';

const LITE_STEPS = ['bootstrap', 'install', 'startup', 'run', 'shutdown', 'recover'] as const;
const RUNNABLE_STEPS = new Set<string>(['bootstrap', 'install', 'startup', 'run']);
const LIFECYCLE_SETENV = 'Setenv';
const STEP_KEYS = new Set(['Script', 'Setenv', 'Timeout', 'RequiresPrivilege']);

export interface LiteLifecycleView {
  /** The lifecycle with every key lite ignores removed. */
  readonly lifecycle: JsonObject;
  /** One line per ignored key, e.g. `Install: lite reads lifecycle steps only as "install"`. */
  readonly ignored: readonly string[];
  /** Lite's refusal, when nothing runnable is left. */
  readonly refusal?: string;
}

export function liteLifecycleView(raw: JsonObject): LiteLifecycleView {
  const lifecycle: JsonObject = {};
  const ignored: string[] = [];
  for (const [key, value] of Object.entries(raw)) {
    if ((LITE_STEPS as readonly string[]).includes(key)) {
      lifecycle[key] = isJsonObject(value) ? liteStep(key, value, ignored) : value;
    } else if (key === LIFECYCLE_SETENV) {
      lifecycle[key] = value;
    } else {
      ignored.push(`${key}: ${explainIgnoredLifecycleKey(key)}`);
    }
  }
  const runnable = Object.keys(lifecycle).some((key) => RUNNABLE_STEPS.has(key));
  if (runnable) return { lifecycle, ignored };
  return {
    lifecycle,
    ignored,
    refusal:
      "No install phase found; No startup or run phase found; Recipes without at least 1 valid lifecycle step aren't currently supported",
  };
}

function liteStep(stepName: string, step: JsonObject, ignored: string[]): JsonObject {
  const kept: JsonObject = {};
  for (const [key, value] of Object.entries(step)) {
    if (STEP_KEYS.has(key)) kept[key] = value;
    else ignored.push(`${stepName}.${key}: ${explainIgnoredStepKey(key)}`);
  }
  return kept;
}

function explainIgnoredLifecycleKey(key: string): string {
  const lower = key.toLowerCase();
  if ((LITE_STEPS as readonly string[]).includes(lower))
    return `nucleus lite reads this step only as "${lower}"`;
  if (lower === 'setenv') return `nucleus lite reads this only as "${LIFECYCLE_SETENV}"`;
  return 'nucleus lite does not know this lifecycle key';
}

function explainIgnoredStepKey(key: string): string {
  const canonical = [...STEP_KEYS].find((known) => known.toLowerCase() === key.toLowerCase());
  return canonical === undefined
    ? 'nucleus lite does not read this step key'
    : `nucleus lite reads this only as "${canonical}"`;
}
