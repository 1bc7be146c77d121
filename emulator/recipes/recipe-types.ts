// The typed, validated recipe (docs/greengrass-behaviour.md#recipe-keys). Keys are normalised to the
// recipe format's PascalCase spelling at the edge (parse-recipe.ts); free-form parts
// (DefaultConfiguration, Platform, the global Lifecycle) keep the author's keys.

import type { JsonObject } from '../util/json.ts';

export const RECIPE_FORMAT_VERSION = '2020-01-25';

export type ComponentType =
  | 'aws.greengrass.generic'
  | 'aws.greengrass.lambda'
  | 'aws.greengrass.plugin'
  | 'aws.greengrass.nucleus';

export type DependencyType = 'HARD' | 'SOFT';

export interface ComponentDependency {
  /** npm-style range (docs/greengrass-behaviour.md#dependencies). */
  readonly versionRequirement: string;
  readonly dependencyType: DependencyType;
}

/** A platform value: exact label, `*`, `/regex/`, a list of alternatives, or null (label absent). */
export type PlatformRequirement = string | null | readonly (string | null)[];

export type UnarchiveMode = 'NONE' | 'ZIP';
export type PermissionLevel = 'NONE' | 'OWNER' | 'ALL';

export interface ArtifactPermission {
  readonly read: PermissionLevel;
  readonly execute: PermissionLevel;
}

export interface RecipeArtifact {
  readonly uri: string;
  readonly unarchive: UnarchiveMode;
  readonly permission: ArtifactPermission;
  readonly digest?: string;
  readonly algorithm?: string;
}

export interface RecipeManifest {
  readonly name?: string;
  readonly platform: Readonly<Record<string, PlatformRequirement>>;
  /** Raw lifecycle map; empty when the manifest relies on Selections of the global Lifecycle. */
  readonly lifecycle: Readonly<JsonObject>;
  readonly selections: readonly string[];
  readonly artifacts: readonly RecipeArtifact[];
}

export interface Recipe {
  readonly formatVersion: typeof RECIPE_FORMAT_VERSION;
  readonly name: string;
  readonly version: string;
  readonly type: ComponentType;
  readonly description?: string;
  readonly publisher?: string;
  readonly source?: string;
  readonly defaultConfiguration: Readonly<JsonObject>;
  readonly dependencies: Readonly<Record<string, ComponentDependency>>;
  readonly manifests: readonly RecipeManifest[];
  /** Raw global lifecycle, possibly keyed by selection keywords. */
  readonly lifecycle: Readonly<JsonObject>;
}
