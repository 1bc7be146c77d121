// The recipe format 2020-01-25 as a schema, applied after key normalisation. Unknown keys are
// rejected at every level of the fixed model, as Jackson's fail-on-unknown does in the nucleus
// (docs/greengrass-behaviour.md#recipe-keys). Limits from aws-greengrass-component-common ComponentRecipe.

import semver from 'semver';
import { z } from 'zod';
import { RECIPE_FORMAT_VERSION } from './recipe-types.ts';

export const COMPONENT_NAME_MAX_CHARS = 128;
export const COMPONENT_VERSION_MAX_CHARS = 64;
export const COMPONENT_VERSION_NUMBER_MAX = 999_999;
const COMPONENT_NAME = /^[a-zA-Z0-9-_.]+$/;

export const componentNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(COMPONENT_NAME_MAX_CHARS, `must be at most ${COMPONENT_NAME_MAX_CHARS} characters`)
  .regex(COMPONENT_NAME, 'may contain only letters, digits, "-", "_" and "."');

export const componentVersionSchema = z
  .string({ error: 'expected a semantic version string such as "1.0.0" (quote it in YAML)' })
  .max(COMPONENT_VERSION_MAX_CHARS, `must be at most ${COMPONENT_VERSION_MAX_CHARS} characters`)
  .refine((v) => semver.valid(v) === v, {
    error: 'must be a semantic version major.minor.patch, e.g. "1.0.0"',
  })
  .refine(
    (v) => {
      const parsed = semver.parse(v);
      return (
        parsed === null || Math.max(parsed.major, parsed.minor, parsed.patch) <= COMPONENT_VERSION_NUMBER_MAX
      );
    },
    { error: 'major, minor and patch may have at most 6 digits each' },
  );

const versionRequirementSchema = z
  .string({ error: 'expected an npm-style version range such as ">=1.0.0 <2.0.0"' })
  .refine((range) => semver.validRange(range) !== null, { error: 'is not a valid npm-style version range' });

const platformValue = z.union([z.string(), z.null()]);
const platformSchema = z.record(
  z.string(),
  z.union([platformValue, z.array(platformValue)], {
    error: 'expected a label, "*", "/regex/", a list of them, or null',
  }),
);

const permissionLevel = z.enum(['NONE', 'OWNER', 'ALL']);

const artifactSchema = z.strictObject({
  URI: z.string({ error: 'expected the artifact URI as a string' }).min(1, 'must not be empty'),
  Digest: z.string().nullish(),
  Algorithm: z.string().nullish(),
  Unarchive: z.enum(['NONE', 'ZIP']).nullish(),
  Permission: z
    .strictObject({ Read: permissionLevel.nullish(), Execute: permissionLevel.nullish() })
    .nullish(),
});

const lifecycleMap = z.record(z.string(), z.unknown(), { error: 'expected an object of lifecycle steps' });

const manifestSchema = z.strictObject({
  Name: z.string().nullish(),
  Platform: platformSchema.nullish(),
  Lifecycle: lifecycleMap.nullish(),
  Selections: z.array(z.string()).nullish(),
  Artifacts: z.array(artifactSchema).nullish(),
});

export const recipeSchema = z.strictObject({
  RecipeFormatVersion: z.literal(RECIPE_FORMAT_VERSION, {
    error: `must be "${RECIPE_FORMAT_VERSION}" (quote it in YAML)`,
  }),
  ComponentName: componentNameSchema,
  ComponentVersion: componentVersionSchema,
  ComponentDescription: z.string().nullish(),
  ComponentPublisher: z.string().nullish(),
  ComponentType: z
    .enum([
      'aws.greengrass.generic',
      'aws.greengrass.lambda',
      'aws.greengrass.plugin',
      'aws.greengrass.nucleus',
    ])
    .nullish(),
  ComponentSource: z.string().nullish(),
  ComponentConfiguration: z
    .strictObject({
      DefaultConfiguration: z.record(z.string(), z.json(), { error: 'expected an object' }).nullish(),
    })
    .nullish(),
  ComponentDependencies: z
    .record(
      z.string(),
      z.strictObject({
        VersionRequirement: versionRequirementSchema,
        DependencyType: z.enum(['HARD', 'SOFT']).nullish(),
      }),
    )
    .nullish(),
  Manifests: z.array(manifestSchema).nullish(),
  Lifecycle: lifecycleMap.nullish(),
});

export type RecipeDocument = z.infer<typeof recipeSchema>;
