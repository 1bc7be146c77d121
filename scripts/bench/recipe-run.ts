// How the bench's core host runs a component from its recipe (pure): the linux amd64 manifest's
// Setenv and Run, with the two recipe variables they use replaced (greengrass-reference 3.7).
// The full local core does this in general; this covers what the classifier's recipe needs.

export interface RunStep {
  /** The manifest's Setenv, interpolated. */
  readonly env: Readonly<Record<string, string>>;
  /** The Run script, interpolated; run with `sh -c` as the nucleus does. */
  readonly script: string;
}

interface Manifest {
  readonly Platform?: { readonly os?: string; readonly architecture?: string };
  readonly Lifecycle?: { readonly Setenv?: Record<string, string>; readonly Run?: unknown };
}

export function linuxAmd64RunStep(
  recipe: { readonly Manifests?: readonly Manifest[] },
  paths: { readonly decompressedPath: string; readonly rootPath: string },
): RunStep {
  const manifest = recipe.Manifests?.find(
    (candidate) => candidate.Platform?.os === 'linux' && candidate.Platform?.architecture === 'amd64',
  );
  const run = manifest?.Lifecycle?.Run;
  const script = typeof run === 'string' ? run : (run as { Script?: unknown } | undefined)?.Script;
  if (typeof script !== 'string') throw new Error('the recipe has no linux amd64 manifest with a Run step');
  const interpolate = (text: string): string =>
    text
      .replaceAll('{artifacts:decompressedPath}', paths.decompressedPath)
      .replaceAll('{kernel:rootPath}', paths.rootPath);
  const env = Object.fromEntries(
    Object.entries(manifest?.Lifecycle?.Setenv ?? {}).map(([name, value]) => [
      name,
      interpolate(String(value)),
    ]),
  );
  return { env, script: interpolate(script) };
}

/**
 * The Run script with extra Node options after its `exec node` (for profiling: --cpu-prof is
 * not allowed in NODE_OPTIONS). Options are single-quoted for the shell.
 */
export function withNodeOptions(script: string, options: readonly string[]): string {
  if (options.length === 0) return script;
  if (!/\bexec node /.test(script)) throw new Error(`cannot add Node options to: ${script}`);
  const quoted = options.map((option) => `'${option.replaceAll("'", "'\\''")}'`).join(' ');
  return script.replace(/\bexec node /, `exec node ${quoted} `);
}
