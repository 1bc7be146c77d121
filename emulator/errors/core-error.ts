// The coded errors of the local core's recipe, deployment and lifecycle parts. Callers and tests
// switch on `code`, never on message text; messages name the thing, the value and the fix.
import { CodedError, type ErrorCatalogue } from '../../common/coded-error.ts';

/** Every code of the local core's recipe, deployment and lifecycle parts, with its meaning. */
export const CORE_ERROR_CODES = {
  RECIPE_PARSE_ERROR: 'the file is not valid YAML or JSON',
  RECIPE_INVALID: 'the recipe parsed but breaks the recipe format (details.issues lists each path)',
  RECIPE_REFUSED_BY_LITE:
    'nucleus lite (`--nucleus lite`) would refuse the recipe: no lifecycle step it can read',
  NO_MATCHING_MANIFEST:
    "no manifest of the recipe matches this core's platform (docs/greengrass-behaviour.md#manifests-and-platforms)",
  INVALID_DEPLOYMENT_REQUEST: 'a deployment request (merge, remove, update-config) is malformed',
  INVALID_DIRECTORY: "--recipeDir or --artifactDir is missing, unreadable or overlaps the core's own store",
  COMPONENT_NOT_FOUND: 'no stored recipe for a component or version the deployment needs',
  DEPENDENCY_CONFLICT: 'no stored version satisfies every VersionRequirement on a component',
  DEPENDENCY_CYCLE: 'components depend on each other in a circle',
  ARTIFACT_NOT_FOUND: 'a recipe artifact is not in the artifact store',
  UNSUPPORTED_ARTIFACT: 'an artifact URI scheme the local core cannot serve (e.g. docker:)',
  UNSAFE_ARCHIVE_ENTRY:
    'a zip entry would land outside its destination (zip slip) or is not a plain file/folder/link',
  ARCHIVE_LIMIT_EXCEEDED: 'a zip exceeds the entry-count or uncompressed-size limit',
  ARCHIVE_CORRUPT: 'a zip cannot be read',
  COMPONENT_BROKEN: 'a deployed component ended BROKEN, so the deployment failed',
  DEPLOYMENT_TIMEOUT: 'deployed components did not reach RUNNING or FINISHED in time',
  DEPLOYMENT_CANCELLED: 'the deployment was cancelled or the core shut down before it finished',
  DEPLOYMENT_FAILED:
    'an unexpected failure while deploying (a bug, or an I/O error without a code of its own)',
  CORE_OPTIONS_INVALID: 'startCore was given an option it cannot use (details.problems lists each)',
} as const satisfies ErrorCatalogue<string>;

export type CoreErrorCode = keyof typeof CORE_ERROR_CODES;

export interface CoreErrorOptions {
  readonly cause?: unknown;
  readonly details?: Readonly<Record<string, unknown>>;
}

export class CoreError extends CodedError<CoreErrorCode> {
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: CoreErrorCode, message: string, options: CoreErrorOptions = {}) {
    super(code, message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details ?? {};
  }
}

export function isCoreError(value: unknown, code?: CoreErrorCode): value is CoreError {
  return value instanceof CoreError && (code === undefined || value.code === code);
}
