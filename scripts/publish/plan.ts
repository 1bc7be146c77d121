// Plans `gdk component publish` for each built component. gdk publishes exactly one component
// per gdk-config.json and reads greengrass-build/recipes/recipe.yaml (gdk-cli's
// gdk/commands/component/PublishCommand.py; docs/packaging.md#publishing-with-gdk), so each component gets a staging folder of its own:
//   <buildDir>/gdk-publish/<name>/gdk-config.json        the root config, for this component
//   <buildDir>/gdk-publish/<name>/recipe.yaml            the built recipe (gdk wants one at the root)
//   <buildDir>/gdk-publish/<name>/greengrass-build/recipes/recipe.yaml
//   <buildDir>/gdk-publish/<name>/greengrass-build/artifacts/<name>/<version>/<zips>
// and `gdk component publish` runs there. Pure: no I/O.

import { parse } from 'yaml';
import { CodedError, type ErrorCatalogue } from '../../common/coded-error.ts';
import { isRecord, manifestArtifacts } from '../build/recipe.ts';

export interface BuiltRecipe {
  readonly file: string;
  readonly text: string;
}

export interface PublishOptions {
  readonly buildDir: string;
  readonly gdkConfig: Readonly<Record<string, unknown>>;
  /** Manifest names each component's source recipe has, by component name. */
  readonly sourceManifests: ReadonlyMap<string, readonly string[]>;
  readonly bucket?: string;
  readonly region?: string;
  readonly allowPartial: boolean;
  readonly gdkCommand: string;
}

export interface ComponentPublishPlan {
  readonly name: string;
  readonly version: string;
  readonly stagingDir: string;
  readonly gdkConfigText: string;
  readonly recipeText: string;
  /** Artifact files to place, from the build output into the staging folder. */
  readonly artifactSourceDir: string;
  readonly artifactStagingDir: string;
  readonly artifactFiles: readonly string[];
  readonly command: readonly string[];
}

export const PUBLISH_ERROR_CODES = {
  PUBLISH_PLAN_INVALID:
    'the build output or gdk-config.json cannot be published as it is (run npm run build first)',
} as const satisfies ErrorCatalogue<string>;

export class PublishPlanError extends CodedError<keyof typeof PUBLISH_ERROR_CODES> {
  constructor(message: string) {
    super('PUBLISH_PLAN_INVALID', message);
  }
}

// A custom build command gdk would only run if the staged artifacts were missing.
const REFUSE_BUILD = ['sh', '-c', 'echo "build at the project root first: npm run build" >&2; exit 1'];

function firstComponentSettings(gdkConfig: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const components = gdkConfig.component;
  const settings = isRecord(components) ? Object.values(components)[0] : undefined;
  if (!isRecord(settings)) throw new PublishPlanError('gdk-config.json has no component settings');
  return settings;
}

function artifactFilesOf(manifests: unknown[]): string[] {
  return [...new Set(manifests.flatMap(manifestArtifacts))].sort();
}

export function planPublish(
  recipes: readonly BuiltRecipe[],
  options: PublishOptions,
): ComponentPublishPlan[] {
  if (recipes.length === 0)
    throw new PublishPlanError(`no recipes in ${options.buildDir}/recipes: run npm run build first`);
  const settings = firstComponentSettings(options.gdkConfig);
  return recipes.map(({ file, text }) => {
    const recipe: unknown = parse(text, { version: '1.1' });
    if (
      !isRecord(recipe) ||
      typeof recipe.ComponentName !== 'string' ||
      typeof recipe.ComponentVersion !== 'string'
    ) {
      throw new PublishPlanError(`${file} has no ComponentName/ComponentVersion`);
    }
    const name = recipe.ComponentName;
    const version = recipe.ComponentVersion;
    const manifests = Array.isArray(recipe.Manifests) ? recipe.Manifests : [];
    const builtNames = new Set(manifests.map((manifest) => (isRecord(manifest) ? manifest.Name : undefined)));
    const missing = (options.sourceManifests.get(name) ?? []).filter(
      (manifestName) => !builtNames.has(manifestName),
    );
    if (missing.length > 0 && !options.allowPartial) {
      throw new PublishPlanError(
        `${file} has no manifest ${missing.join(', ')}: devices of that platform could not deploy it. ` +
          'Build every platform first (npm run build -- --arch all) or pass --allow-partial.',
      );
    }
    const publish = isRecord(settings.publish) ? { ...settings.publish } : {};
    if (options.region !== undefined) publish.region = options.region;
    const gdkConfig = {
      component: {
        [name]: {
          author: settings.author,
          version,
          build: { build_system: 'custom', custom_build_command: REFUSE_BUILD },
          publish,
        },
      },
      gdk_version: options.gdkConfig.gdk_version,
    };
    const stagingDir = `${options.buildDir}/gdk-publish/${name}`;
    const command = [options.gdkCommand, 'component', 'publish'];
    if (options.bucket !== undefined) command.push('--bucket', options.bucket);
    if (options.region !== undefined) command.push('--region', options.region);
    return {
      name,
      version,
      stagingDir,
      gdkConfigText: `${JSON.stringify(gdkConfig, null, 2)}\n`,
      recipeText: text,
      artifactSourceDir: `${options.buildDir}/artifacts/${name}/${version}`,
      artifactStagingDir: `${stagingDir}/greengrass-build/artifacts/${name}/${version}`,
      artifactFiles: artifactFilesOf(manifests),
      command,
    };
  });
}
