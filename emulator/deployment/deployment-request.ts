// A local deployment as greengrass-cli asks for it (docs/greengrass-behaviour.md#greengrass-cli): recipe and
// artifact folders, root components to add or update (`--merge NAME=VERSION`), root components
// to remove (`--remove`), and per-component configuration updates (`--update-config`,
// `{"Name": {"MERGE": {...}, "RESET": ["/path"]}}`). Parsed once here, at the edge.

import semver from 'semver';
import { z } from 'zod';
import { CoreError } from '../errors/core-error.ts';
import type { ConfigurationUpdate } from '../recipes/configuration-merge.ts';
import { componentNameSchema } from '../recipes/recipe-schema.ts';
import { deepFreeze, type JsonObject } from '../util/json.ts';

export { parseMergeArguments } from './merge-arguments.ts';

export interface LocalDeploymentRequest {
  readonly recipeDir?: string;
  readonly artifactDir?: string;
  /** Root components to add or update, name to exact version. */
  readonly merge: Readonly<Record<string, string>>;
  readonly remove: readonly string[];
  readonly updateConfig: Readonly<Record<string, ConfigurationUpdate>>;
}

const updateSchema = z.strictObject({
  MERGE: z.record(z.string(), z.json(), { error: 'MERGE must be a JSON object' }).optional(),
  RESET: z.array(z.string(), { error: 'RESET must be a list of JSON pointers' }).optional(),
});

const requestSchema = z.strictObject({
  recipeDir: z.string().min(1).optional(),
  artifactDir: z.string().min(1).optional(),
  merge: z
    .record(
      componentNameSchema,
      z.string().refine((v) => semver.valid(v) === v, {
        error: 'must be an exact semantic version such as 1.0.0 (NEXT_PATCH cannot be deployed locally)',
      }),
    )
    .default({}),
  remove: z.array(componentNameSchema).default([]),
  updateConfig: z.record(componentNameSchema, updateSchema).default({}),
});

/** Validates a request (from the CLI or IPC); every problem in one INVALID_DEPLOYMENT_REQUEST error. */
export function parseDeploymentRequest(input: unknown): LocalDeploymentRequest {
  const checked = requestSchema.safeParse(input);
  if (!checked.success) {
    const problems = checked.error.issues.map((issue) => {
      const where = issue.path.join('.') || 'request';
      if (issue.code === 'unrecognized_keys') {
        const allowed = where.startsWith('updateConfig.') ? ' (allowed: MERGE, RESET)' : '';
        return `${where}: unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}${allowed}`;
      }
      return `${where}: ${issue.message.replace(/^Invalid (input|option): /, '')}`;
    });
    throw new CoreError('INVALID_DEPLOYMENT_REQUEST', `invalid deployment request: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  const { merge, remove, updateConfig } = checked.data;
  const both = remove.filter((name) => Object.hasOwn(merge, name));
  if (both.length > 0) {
    throw new CoreError('INVALID_DEPLOYMENT_REQUEST', `cannot both merge and remove ${both.join(', ')}`);
  }
  const updates = Object.fromEntries(
    Object.entries(updateConfig).map(([name, update]) => [
      name,
      {
        ...(update.MERGE === undefined ? {} : { merge: update.MERGE as JsonObject }),
        ...(update.RESET === undefined ? {} : { reset: update.RESET }),
      },
    ]),
  );
  return deepFreeze({
    ...(checked.data.recipeDir === undefined ? {} : { recipeDir: checked.data.recipeDir }),
    ...(checked.data.artifactDir === undefined ? {} : { artifactDir: checked.data.artifactDir }),
    merge,
    remove,
    updateConfig: updates,
  });
}
