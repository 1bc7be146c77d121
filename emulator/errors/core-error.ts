// The coded errors of the local core's recipe, deployment and lifecycle parts. Callers and tests
// switch on `code`, never on message text; messages name the thing, the value and the fix.

export type CoreErrorCode =
  /** The file is not valid YAML or JSON. */
  | 'RECIPE_PARSE_ERROR'
  /** The recipe parsed but breaks the recipe format (details.issues lists each path). */
  | 'RECIPE_INVALID'
  /** Nucleus lite (`--nucleus lite`) would refuse the recipe: no lifecycle step it can read. */
  | 'RECIPE_REFUSED_BY_LITE'
  /** No manifest of the recipe matches this core's platform (docs/greengrass-behaviour.md#manifests-and-platforms). */
  | 'NO_MATCHING_MANIFEST'
  /** A deployment request (merge, remove, update-config) is malformed. */
  | 'INVALID_DEPLOYMENT_REQUEST'
  /** --recipeDir or --artifactDir is missing, unreadable or overlaps the core's own store. */
  | 'INVALID_DIRECTORY'
  /** No stored recipe for a component or version the deployment needs. */
  | 'COMPONENT_NOT_FOUND'
  /** No stored version satisfies every VersionRequirement on a component. */
  | 'DEPENDENCY_CONFLICT'
  /** Components depend on each other in a circle. */
  | 'DEPENDENCY_CYCLE'
  /** A recipe artifact is not in the artifact store. */
  | 'ARTIFACT_NOT_FOUND'
  /** An artifact URI scheme the local core cannot serve (e.g. docker:). */
  | 'UNSUPPORTED_ARTIFACT'
  /** A zip entry would land outside its destination (zip slip) or is not a plain file/folder/link. */
  | 'UNSAFE_ARCHIVE_ENTRY'
  /** A zip exceeds the entry-count or uncompressed-size limit. */
  | 'ARCHIVE_LIMIT_EXCEEDED'
  /** A zip cannot be read. */
  | 'ARCHIVE_CORRUPT'
  /** A deployed component ended BROKEN, so the deployment failed. */
  | 'COMPONENT_BROKEN'
  /** Deployed components did not reach RUNNING or FINISHED in time. */
  | 'DEPLOYMENT_TIMEOUT'
  /** The deployment was cancelled or the core shut down before it finished. */
  | 'DEPLOYMENT_CANCELLED'
  /** startCore was given an option it cannot use (details.problems lists each). */
  | 'CORE_OPTIONS_INVALID';

/** Every code, for catalogues and the README test (the compiler checks none is missing). */
export const CORE_ERROR_CODES = [
  'RECIPE_PARSE_ERROR',
  'RECIPE_INVALID',
  'RECIPE_REFUSED_BY_LITE',
  'NO_MATCHING_MANIFEST',
  'INVALID_DEPLOYMENT_REQUEST',
  'INVALID_DIRECTORY',
  'COMPONENT_NOT_FOUND',
  'DEPENDENCY_CONFLICT',
  'DEPENDENCY_CYCLE',
  'ARTIFACT_NOT_FOUND',
  'UNSUPPORTED_ARTIFACT',
  'UNSAFE_ARCHIVE_ENTRY',
  'ARCHIVE_LIMIT_EXCEEDED',
  'ARCHIVE_CORRUPT',
  'COMPONENT_BROKEN',
  'DEPLOYMENT_TIMEOUT',
  'DEPLOYMENT_CANCELLED',
  'CORE_OPTIONS_INVALID',
] as const satisfies readonly CoreErrorCode[];
const everyCoreErrorCodeListed: Exclude<CoreErrorCode, (typeof CORE_ERROR_CODES)[number]> extends never
  ? true
  : never = true;
void everyCoreErrorCodeListed;

export interface CoreErrorOptions {
  readonly cause?: unknown;
  readonly details?: Readonly<Record<string, unknown>>;
}

export class CoreError extends Error {
  readonly code: CoreErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: CoreErrorCode, message: string, options: CoreErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CoreError';
    this.code = code;
    this.details = options.details ?? {};
  }
}

export function isCoreError(value: unknown, code?: CoreErrorCode): value is CoreError {
  return value instanceof CoreError && (code === undefined || value.code === code);
}
