// Reads the build output (greengrass-build/ of the project root: recipes/<name>-<version>.yaml
// and artifacts/<name>/<version>/<zip>) and rewrites artifact URIs for a bucket. The recipes
// come from the build unchanged except for the URIs, which the build leaves as gdk
// placeholders (s3://BUCKET_NAME/COMPONENT_NAME/COMPONENT_VERSION/<file>).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

export type Recipe = Record<string, unknown>;

export interface BuiltComponent {
  readonly name: string;
  readonly version: string;
  readonly recipe: Recipe;
  /** Artifact file names the recipe refers to; each exists in artifacts/<name>/<version>/. */
  readonly artifactFiles: readonly string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function artifactsOf(recipe: Recipe): { Uri: string }[] {
  const manifests = Array.isArray(recipe.Manifests) ? recipe.Manifests : [];
  return manifests.flatMap((manifest: unknown) =>
    isRecord(manifest) && Array.isArray(manifest.Artifacts)
      ? manifest.Artifacts.filter(
          (artifact: unknown): artifact is { Uri: string } =>
            isRecord(artifact) && typeof artifact.Uri === 'string' && artifact.Uri.startsWith('s3://'),
        )
      : [],
  );
}

const fileOf = (uri: string): string => uri.slice(uri.lastIndexOf('/') + 1);

export function loadBuiltComponents(buildDir: string): BuiltComponent[] {
  const recipesDir = join(buildDir, 'recipes');
  if (!existsSync(recipesDir)) {
    throw new Error(
      `no build output at ${buildDir}: run \`npm run build -- --arch all\` in the project root first, or pass -c buildDir=DIR`,
    );
  }
  const files = readdirSync(recipesDir)
    .filter((file) => /\.(ya?ml|json)$/.test(file))
    .sort();
  if (files.length === 0) throw new Error(`no recipes in ${recipesDir}`);
  return files.map((file) => {
    // YAML 1.1, as the build writes and the nucleus reads it.
    const recipe: unknown = parse(readFileSync(join(recipesDir, file), 'utf8'), { version: '1.1' });
    if (
      !isRecord(recipe) ||
      typeof recipe.ComponentName !== 'string' ||
      typeof recipe.ComponentVersion !== 'string'
    ) {
      throw new Error(`${file} has no ComponentName/ComponentVersion`);
    }
    const { ComponentName: name, ComponentVersion: version } = recipe;
    const artifactFiles = [...new Set(artifactsOf(recipe).map((artifact) => fileOf(artifact.Uri)))].sort();
    for (const artifact of artifactFiles) {
      if (!existsSync(join(buildDir, 'artifacts', name, version, artifact))) {
        throw new Error(
          `${file} refers to ${artifact}, which is not in ${join(buildDir, 'artifacts', name, version)}`,
        );
      }
    }
    return { name, version, recipe, artifactFiles };
  });
}

/** The S3 key the artifacts upload gives a file: the build output's own layout. */
export function artifactKey(component: BuiltComponent, file: string): string {
  return `${component.name}/${component.version}/${file}`;
}

/** A copy of the recipe whose s3:// artifact URIs point at `bucketName` (may be a CDK token). */
export function withArtifactBucket(component: BuiltComponent, bucketName: string): Recipe {
  const copy = structuredClone(component.recipe);
  for (const artifact of artifactsOf(copy)) {
    artifact.Uri = `s3://${bucketName}/${artifactKey(component, fileOf(artifact.Uri))}`;
  }
  return copy;
}
