// Checks a built recipe against what gdk enforces (docs/greengrass-behaviour.md#what-gdk-checks: at most
// 16,000 bytes; keys lower-cased, then gdk's recipe_schema.json: required keys, no unknown
// top-level keys, lifecycle and artifact shapes; gdk skips all of this for custom builds, so
// our build does it) and against what our two nuclei need: a semantic version, `runtime: "*"`
// on every manifest (docs/nucleus-flavours.md), AWS key casing (nucleus lite matches keys
// case-sensitively) and only recipe variables both nuclei interpolate. Pure: no I/O.

import { parse } from 'yaml';
import { z } from 'zod';

export const MAX_RECIPE_BYTES = 16_000;

export interface RecipeProblem {
  readonly path: string;
  readonly message: string;
}

const permission = z.string().regex(/^(NONE|OWNER|ALL)$/i);
const setenv = z.union([z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])), z.string()]);
const stepObject = z.looseObject({
  script: z.string().optional(),
  skipif: z
    .string()
    .regex(/(onpath|exists)\s+.*/)
    .optional(),
  requiresprivilege: z.union([z.boolean(), z.string()]).optional(),
  setenv: setenv.optional(),
  timeout: z.union([z.number().int(), z.string()]).optional(),
});
const step = z.union([
  z.string(),
  stepObject.refine((value) => value.script !== undefined, 'step needs a script'),
]);
const lifecycle = z.looseObject({
  setenv: setenv.optional(),
  bootstrap: step.optional(),
  install: step.optional(),
  startup: step.optional(),
  run: step.optional(),
  shutdown: step.optional(),
  recover: step.optional(),
});
const artifact = z.looseObject({
  uri: z.string(),
  unarchive: z
    .string()
    .regex(/^(ZIP|NONE)$/i)
    .optional(),
  permission: z.looseObject({ read: permission.optional(), execute: permission.optional() }).optional(),
  digest: z.string().optional(),
  algorithm: z.string().optional(),
});
const manifest = z.looseObject({
  name: z.string().optional(),
  platform: z.record(z.string(), z.string()).optional(),
  lifecycle: lifecycle.optional(),
  selections: z.union([z.array(z.string()), z.string()]).optional(),
  artifacts: z.array(artifact).optional(),
});

/** gdk's recipe_schema.json, over lower-cased keys. */
const gdkRecipeSchema = z.strictObject({
  recipeformatversion: z.literal('2020-01-25'),
  componentname: z
    .string()
    .regex(/^[a-zA-Z0-9-_.]+$/)
    .max(128),
  componentversion: z.string().max(64),
  componentdescription: z.string().optional(),
  componentpublisher: z.string().optional(),
  componentconfiguration: z.looseObject({ defaultconfiguration: z.unknown().optional() }).optional(),
  componenttype: z
    .string()
    .regex(/^aws\.greengrass\.(nucleus|generic|plugin|lambda)$/i)
    .optional(),
  componentsource: z
    .string()
    .regex(/^arn:aws(-(cn|us-gov|iso(-[a-z])?))?:lambda:.*$/)
    .optional(),
  componentdependencies: z
    .record(
      z.string().regex(/^[a-zA-Z0-9-_.]+$/),
      z.looseObject({
        versionrequirement: z.string(),
        dependencytype: z
          .string()
          .regex(/^(SOFT|HARD)$/i)
          .optional(),
      }),
    )
    .optional(),
  manifests: z.array(manifest),
  lifecycle: z.record(z.string(), z.unknown()).optional(),
});

// The nucleus's version rule: major.minor.patch, optional pre-release/build, numbers of at
// most 6 digits (docs/greengrass-behaviour.md#recipe-keys).
const SEMVER = /^(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})\.(0|[1-9]\d{0,5})(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

const TOP_LEVEL_KEYS = [
  'RecipeFormatVersion',
  'ComponentName',
  'ComponentVersion',
  'ComponentDescription',
  'ComponentPublisher',
  'ComponentConfiguration',
  'ComponentType',
  'ComponentSource',
  'ComponentDependencies',
  'Manifests',
  'Lifecycle',
];
const MANIFEST_KEYS = ['Name', 'Platform', 'Lifecycle', 'Selections', 'Artifacts'];
// Lifecycle steps in lowercase, as AWS's recipe reference spells them and as nucleus lite finds
// them (recipe2unit); `Setenv` and the step keys capitalised (ggl-recipe, recipe-runner).
const LIFECYCLE_KEYS = ['Setenv', 'bootstrap', 'install', 'startup', 'run', 'shutdown', 'recover'];
const STEP_KEYS = ['Script', 'RequiresPrivilege', 'Skipif', 'Timeout', 'Setenv'];
// `Uri` as nucleus lite's deployment handler validates it (ggdeploymentd, deployment_handler.c)
// and as gdk writes it when it publishes; the classic nucleus and gdk read any case.
const ARTIFACT_KEYS = ['Uri', 'Unarchive', 'Permission', 'Digest', 'Algorithm'];

/** Variables both the classic nucleus and nucleus lite interpolate (lite: no cross-component form). */
const PORTABLE_VARIABLE =
  /^\{(artifacts:path|artifacts:decompressedPath|work:path|kernel:rootPath|iot:thingName|configuration:\/[^}:]*)\}$/;

function lowerCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(lowerCaseKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key.toLowerCase(), lowerCaseKeys(inner)]),
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function checkCasing(
  value: unknown,
  allowed: readonly string[],
  path: string,
  problems: RecipeProblem[],
): void {
  if (!isRecord(value)) return;
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const canonical = allowed.find((candidate) => candidate.toLowerCase() === key.toLowerCase());
      const message =
        canonical === undefined ? 'unknown key' : `write '${canonical}' (nucleus lite is case-sensitive)`;
      problems.push({ path: `${path}/${key}`, message });
    }
  }
}

function checkScripts(text: string, path: string, problems: RecipeProblem[]): void {
  for (const match of text.matchAll(/\{[^{}]*\}/g)) {
    if (!PORTABLE_VARIABLE.test(match[0])) {
      problems.push({ path, message: `'${match[0]}' is not a recipe variable both nuclei interpolate` });
    }
  }
}

function checkLifecycle(value: unknown, path: string, problems: RecipeProblem[]): void {
  checkCasing(value, LIFECYCLE_KEYS, path, problems);
  if (!isRecord(value)) return;
  for (const [key, stepValue] of Object.entries(value)) {
    if (typeof stepValue === 'string') checkScripts(stepValue, `${path}/${key}`, problems);
    if (isRecord(stepValue) && key !== 'Setenv') {
      checkCasing(stepValue, STEP_KEYS, `${path}/${key}`, problems);
      if (typeof stepValue.Script === 'string')
        checkScripts(stepValue.Script, `${path}/${key}/Script`, problems);
    }
    if (isRecord(stepValue) && key === 'Setenv') {
      for (const [name, env] of Object.entries(stepValue)) {
        if (typeof env === 'string') checkScripts(env, `${path}/Setenv/${name}`, problems);
      }
    }
  }
}

function checkProjectRules(recipe: Record<string, unknown>, problems: RecipeProblem[]): void {
  checkCasing(recipe, TOP_LEVEL_KEYS, '', problems);
  if (typeof recipe.ComponentVersion !== 'string' || !SEMVER.test(recipe.ComponentVersion)) {
    problems.push({
      path: '/ComponentVersion',
      message: 'must be a semantic version such as 1.0.0 (as a string)',
    });
  }
  const manifests = Array.isArray(recipe.Manifests) ? recipe.Manifests : [];
  if (manifests.length === 0) problems.push({ path: '/Manifests', message: 'needs at least one manifest' });
  manifests.forEach((item: unknown, index) => {
    const path = `/Manifests/${index}`;
    checkCasing(item, MANIFEST_KEYS, path, problems);
    if (!isRecord(item)) return;
    if (!isRecord(item.Platform) || item.Platform.runtime !== '*') {
      problems.push({ path: `${path}/Platform/runtime`, message: 'must be "*" so both nuclei select it' });
    }
    checkLifecycle(item.Lifecycle, `${path}/Lifecycle`, problems);
    if (Array.isArray(item.Artifacts)) {
      item.Artifacts.forEach((artifactValue: unknown, artifactIndex) => {
        checkCasing(artifactValue, ARTIFACT_KEYS, `${path}/Artifacts/${artifactIndex}`, problems);
      });
    }
  });
}

/** Every problem found in a recipe's text (YAML or JSON); empty when it passes. */
export function checkRecipe(text: string): RecipeProblem[] {
  const problems: RecipeProblem[] = [];
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_RECIPE_BYTES) {
    problems.push({ path: '', message: `recipe is ${bytes} bytes; gdk allows at most ${MAX_RECIPE_BYTES}` });
  }
  let recipe: unknown;
  try {
    // As gdk reads it (PyYAML, YAML 1.1): an unquoted 2020-01-25 is a date, not a string.
    recipe = parse(text, { version: '1.1' });
  } catch (error) {
    return [...problems, { path: '', message: `not YAML/JSON: ${String(error)}` }];
  }
  const result = gdkRecipeSchema.safeParse(lowerCaseKeys(recipe));
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = `/${issue.path.join('/')}`;
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      if (keys.length === 0) problems.push({ path, message: `gdk schema: ${issue.message}` });
      for (const key of keys)
        problems.push({ path: `${path === '/' ? '' : path}/${key}`, message: 'gdk schema: unknown key' });
    }
  }
  if (isRecord(recipe)) checkProjectRules(recipe, problems);
  return problems;
}
