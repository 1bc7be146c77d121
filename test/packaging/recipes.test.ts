// The source recipes (recipes/*.yaml), rendered for every target as the build does, against
// gdk's recipe rules and our own, plus manifest selection, least privilege and the Install
// step's Node.js check run under dash.

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type PlatformLabels, platformMatches } from '../../emulator/recipes/platform-match.ts';
import { COMPONENTS } from '../../scripts/build/components.ts';
import { parseRecipe, renderBuiltRecipe, serializeRecipe } from '../../scripts/build/recipe.ts';
import { checkRecipe, MAX_RECIPE_BYTES } from '../../scripts/build/recipe-check.ts';
import { artifactFileName, TARGETS } from '../../scripts/build/targets.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

interface Manifest {
  Name?: string;
  Platform?: Record<string, string>;
  Artifacts?: { URI: string; Unarchive?: string }[];
  Lifecycle?: { Setenv?: Record<string, string>; Install?: string; Run?: string };
}

function renderForAllTargets(recipeFile: string, artifactBaseName: string): string {
  const source = parseRecipe(readFileSync(join(ROOT, recipeFile), 'utf8'), recipeFile);
  const built = new Set(TARGETS.map((target) => artifactFileName(artifactBaseName, target)));
  return serializeRecipe(renderBuiltRecipe(source, built, recipeFile).recipe);
}

const rendered = COMPONENTS.map((spec) => {
  const text = renderForAllTargets(spec.recipe, spec.artifactBaseName);
  const recipe = parse(text) as { ComponentName: string; Manifests: Manifest[] } & Record<string, unknown>;
  return { spec, text, recipe };
});

describe('the root recipe.yaml and gdk-config.json', () => {
  it('recipe.yaml (required at the root by gdk) is the classifier recipe', () => {
    const root = readFileSync(join(ROOT, 'recipe.yaml'), 'utf8');
    expect(root).toBe(readFileSync(join(ROOT, 'recipes/com.custom.ImageClassifier.yaml'), 'utf8'));
  });

  it('gdk-config.json names the classifier at its recipe version with a list-form custom build', () => {
    const config = JSON.parse(readFileSync(join(ROOT, 'gdk-config.json'), 'utf8'));
    const classifier = parseRecipe(readFileSync(join(ROOT, 'recipe.yaml'), 'utf8'), 'recipe.yaml');
    expect(Object.keys(config.component)).toEqual([classifier.ComponentName]);
    const settings = config.component[String(classifier.ComponentName)];
    expect(settings.version).toBe(classifier.ComponentVersion);
    expect(settings.author).toBe(classifier.ComponentPublisher);
    expect(settings.build).toEqual({ build_system: 'custom', custom_build_command: ['npm', 'run', 'build'] });
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.build).toBe('tsx scripts/build/main.ts');
  });
});

/** The manifest the local core (and a nucleus) would pick: the first whose Platform matches. */
const selectManifest = <M extends { Platform?: Record<string, string> }>(
  manifests: readonly M[],
  device: PlatformLabels,
): M | undefined => manifests.find((manifest) => platformMatches(manifest.Platform ?? {}, device));

describe.each(rendered)('$spec.recipe rendered for every target', ({ spec, text, recipe }) => {
  it("passes gdk's recipe rules and ours", () => {
    expect(checkRecipe(text)).toEqual([]);
    expect(new TextEncoder().encode(text).length).toBeLessThan(MAX_RECIPE_BYTES);
  });

  it.each([
    ['classic nucleus, amd64', { os: 'linux', architecture: 'amd64' }, 'linux-x64'],
    [
      'classic nucleus, aarch64',
      { os: 'linux', architecture: 'aarch64', 'architecture.detail': 'armv8l' },
      'linux-arm64',
    ],
    ['nucleus lite, amd64', { os: 'linux', architecture: 'amd64', runtime: 'aws_nucleus_lite' }, 'linux-x64'],
    [
      'nucleus lite, aarch64',
      { os: 'linux', architecture: 'aarch64', runtime: 'aws_nucleus_lite' },
      'linux-arm64',
    ],
  ])('on a %s device selects the %s zip and runs it', (_, device, targetId) => {
    const manifest = selectManifest(recipe.Manifests, device);
    const zip = `${spec.artifactBaseName}-${targetId}.zip`;
    expect(manifest?.Artifacts).toEqual([
      expect.objectContaining({ URI: expect.stringMatching(`/${zip}$`), Unarchive: 'ZIP' }),
    ]);
    const unpacked = `{artifacts:decompressedPath}/${spec.artifactBaseName}-${targetId}/`;
    expect(manifest?.Lifecycle?.Run).toBe(`exec node "${unpacked}main.js"`);
    for (const value of Object.values(manifest?.Lifecycle?.Setenv ?? {})) {
      if (value.includes('{artifacts:decompressedPath}')) expect(value.startsWith(unpacked)).toBe(true);
    }
  });

  it.each([
    ['32-bit arm', { os: 'linux', architecture: 'arm' }],
    ['windows', { os: 'windows', architecture: 'amd64' }],
  ])(
    'selects no manifest on a %s device (deployment fails instead of running the wrong binaries)',
    (_, device) => {
      expect(selectManifest(recipe.Manifests, device)).toBeUndefined();
    },
  );

  it('keeps the gdk placeholders in artifact URIs', () => {
    for (const manifest of recipe.Manifests) {
      for (const artifact of manifest.Artifacts ?? []) {
        expect(artifact.URI).toMatch(/^s3:\/\/BUCKET_NAME\/COMPONENT_NAME\/COMPONENT_VERSION\/[^/]+\.zip$/);
      }
    }
  });
});

describe('least-privilege access control', () => {
  const policiesOf = (name: string) => {
    const entry = rendered.find(({ recipe }) => recipe.ComponentName === name);
    const config = entry?.recipe.ComponentConfiguration as { DefaultConfiguration: Record<string, unknown> };
    return (config.DefaultConfiguration.accessControl as Record<string, unknown>)[
      'aws.greengrass.ipc.pubsub'
    ];
  };

  it('the classifier may only subscribe to local/inference and publish to local/result', () => {
    expect(policiesOf('com.custom.ImageClassifier')).toEqual({
      'com.custom.ImageClassifier:pubsub:1': {
        policyDescription: expect.any(String),
        operations: ['aws.greengrass#SubscribeToTopic'],
        resources: ['local/inference'],
      },
      'com.custom.ImageClassifier:pubsub:2': {
        policyDescription: expect.any(String),
        operations: ['aws.greengrass#PublishToTopic'],
        resources: ['local/result'],
      },
    });
  });

  it('the requester may only publish to local/inference and subscribe to local/result', () => {
    expect(policiesOf('com.custom.requester')).toEqual({
      'com.custom.requester:pubsub:1': {
        policyDescription: expect.any(String),
        operations: ['aws.greengrass#PublishToTopic'],
        resources: ['local/inference'],
      },
      'com.custom.requester:pubsub:2': {
        policyDescription: expect.any(String),
        operations: ['aws.greengrass#SubscribeToTopic'],
        resources: ['local/result'],
      },
    });
  });

  it('every configuration key of architecture.md has a default', () => {
    const keysOf = (name: string) => {
      const entry = rendered.find(({ recipe }) => recipe.ComponentName === name);
      const config = entry?.recipe.ComponentConfiguration as {
        DefaultConfiguration: Record<string, unknown>;
      };
      return Object.keys(config.DefaultConfiguration).sort();
    };
    expect(keysOf('com.custom.ImageClassifier')).toEqual(
      [
        'RequestTopic',
        'ResultTopic',
        'ModelCard',
        'TopK',
        'ScoreThreshold',
        'ImageRoots',
        'MaxImageBytes',
        'MaxImagePixels',
        'MaxQueue',
        'MaxConcurrency',
        'InferenceThreads',
        'ResultFormat',
        'accessControl',
      ].sort(),
    );
    expect(keysOf('com.custom.requester')).toEqual(
      [
        'RequestTopic',
        'ResultTopic',
        'ImageDirectory',
        'Images',
        'IntervalMs',
        'Count',
        'ReplyTimeoutMs',
        'StartupRetryMs',
        'accessControl',
      ].sort(),
    );
  });
});

describe('checkRecipe finds what gdk and the nuclei would reject', () => {
  const base = rendered[1]?.text ?? '';
  const mutate = (change: (recipe: Record<string, unknown>) => void): string => {
    const recipe = parse(base) as Record<string, unknown>;
    change(recipe);
    return serializeRecipe(recipe);
  };
  const manifests = (recipe: Record<string, unknown>) => recipe.Manifests as Manifest[];

  it.each([
    [
      'a recipe over 16,000 bytes',
      mutate((r) => Object.assign(r, { ComponentDescription: 'x'.repeat(16_000) })),
      '',
    ],
    ['an unknown top-level key', mutate((r) => Object.assign(r, { Comment: 'x' })), '/comment'],
    ['no Manifests', mutate((r) => delete r.Manifests), '/manifests'],
    [
      'a wrong RecipeFormatVersion',
      mutate((r) => Object.assign(r, { RecipeFormatVersion: '2021-01-01' })),
      '/recipeformatversion',
    ],
    [
      'an unquoted recipe date',
      base.replace('RecipeFormatVersion: "2020-01-25"', 'RecipeFormatVersion: 2020-01-25'),
      '/recipeformatversion',
    ],
    [
      'a version that is not semantic',
      mutate((r) => Object.assign(r, { ComponentVersion: 'NEXT_PATCH' })),
      '/ComponentVersion',
    ],
    [
      'a manifest without runtime',
      mutate((r) => delete manifests(r)[0]?.Platform?.runtime),
      '/Manifests/0/Platform/runtime',
    ],
    [
      'lower-case keys (nucleus lite is case-sensitive)',
      base.replace('    Lifecycle:\n', '    lifecycle:\n'),
      '/Manifests/0/lifecycle',
    ],
    [
      'an Unarchive other than ZIP or NONE',
      base.replace('Unarchive: ZIP', 'Unarchive: TAR'),
      '/manifests/0/artifacts/0/unarchive',
    ],
    [
      'a variable nucleus lite does not interpolate',
      base.replace('exec node', 'echo {com.custom.ImageClassifier:artifacts:path}; exec node'),
      '/Manifests/0/Lifecycle/Run',
    ],
  ])('%s', (_, text, path) => {
    const problems = checkRecipe(text);
    expect(problems.map((problem) => problem.path)).toContain(path);
  });
});

// The nucleus runs steps with `sh -c`: dash on Debian/Ubuntu, the strictest common sh.
const SH = existsSync('/bin/dash') ? '/bin/dash' : '/bin/sh';

describe(`the Install step, run by ${SH} as the nucleus runs it (sh -c)`, () => {
  const install = rendered[0]?.recipe.Manifests[0]?.Lifecycle?.Install ?? '';
  let bin: string;

  beforeAll(async () => {
    bin = await mkdtemp(join(tmpdir(), 'install-step-'));
    await symlink('/usr/bin/id', join(bin, 'id'));
  });
  afterAll(async () => {
    await rm(bin, { recursive: true, force: true });
  });

  const runInstall = (path: string) =>
    run(SH, ['-c', install], { env: { PATH: path } }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );

  it('passes with Node.js 20.9 or later on the PATH and says which', async () => {
    const result = await runInstall(`${dirname(process.execPath)}:/usr/bin:/bin`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Node.js ${process.version} at `);
  });

  it('fails with a clear message when node is not on the PATH', async () => {
    const result = await runInstall(bin);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /Node\.js 20\.9 or later is required, but 'node' is not on the PATH of the component user \(\w+\)/,
    );
  });

  it.each(['18.20.4', '20.8.1'])(
    'fails with a clear message when node is %s (older than 20.9)',
    async (version) => {
      const fakeBin = await mkdtemp(join(tmpdir(), 'old-node-'));
      const spoof = join(fakeBin, 'spoof.cjs');
      await writeFile(
        spoof,
        `Object.defineProperty(process, 'versions', { value: { ...process.versions, node: '${version}' } });\n`,
      );
      const fakeNode = join(fakeBin, 'node');
      await writeFile(
        fakeNode,
        `#!/bin/sh\nif [ "$1" = --version ]; then echo v${version}; exit 0; fi\nexec "${process.execPath}" --require "${spoof}" "$@"\n`,
      );
      await chmod(fakeNode, 0o755);
      try {
        const result = await runInstall(`${fakeBin}:${bin}`);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain(
          `Node.js 20.9 or later is required; found v${version} at ${fakeNode}.`,
        );
      } finally {
        await rm(fakeBin, { recursive: true, force: true });
      }
    },
  );
});
