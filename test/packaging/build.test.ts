// The build on fixture entry points that import the real native packages: the gdk output
// layout, the zips' contents, that an unpacked zip runs with nothing around it, byte-identical
// rebuilds, and the handling of another platform's packages that npm did not install.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BuiltComponent, buildComponents, type TargetRequest } from '../../scripts/build/build.ts';
import type { ComponentBuildSpec } from '../../scripts/build/components.ts';
import { BINARY_HEADER_BYTES, classifyBinary } from '../../scripts/build/elf.ts';
import { BuildError } from '../../scripts/build/errors.ts';
import { parseRecipe, renderBuiltRecipe, serializeRecipe } from '../../scripts/build/recipe.ts';
import { checkRecipe } from '../../scripts/build/recipe-check.ts';
import { artifactFileName, hostTarget, TARGETS, type Target } from '../../scripts/build/targets.ts';
import { fixtureClassifier, fixtureRequester, SAMPLE_PHOTOS } from '../fixtures/packaging/components.ts';
import { extractZip, listZip } from './zip-reader.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const ASSET_MIRROR = process.env.ASSET_MIRROR;
const HOST = hostTarget(process.platform, process.arch);
const OTHER = TARGETS.find((target) => target !== HOST) as Target;
const BUILD_TIMEOUT_MS = 180_000;
const run = promisify(execFile);

if (ASSET_MIRROR === undefined || HOST === undefined) {
  console.warn(
    `\n*** SKIPPED packaging build tests: ${ASSET_MIRROR === undefined ? 'ASSET_MIRROR is not set' : `${process.platform}-${process.arch} is not a build target`} ***\n`,
  );
}

const temporaryDirs: string[] = [];
async function temporaryDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  temporaryDirs.push(dir);
  return dir;
}
afterAll(async () => {
  for (const dir of temporaryDirs) await rm(dir, { recursive: true, force: true });
});

async function build(
  components: readonly ComponentBuildSpec[],
  targets: readonly TargetRequest[],
  overrides: { cacheDir?: string; network?: 'never' | 'allowed'; log?: string[] } = {},
): Promise<{ outDir: string; built: BuiltComponent[] }> {
  const outDir = join(await temporaryDir('gg-build-test-'), 'greengrass-build');
  const built = await buildComponents({
    projectRoot: ROOT,
    components,
    targets,
    outDir,
    cacheDir: overrides.cacheDir ?? join(dirname(outDir), 'cache'),
    network: overrides.network ?? 'never',
    log: (line) => overrides.log?.push(line),
  });
  return { outDir, built };
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))
    .sort();
}

/** Every native binary under `root`, with what its header says. */
async function nativeBinaries(
  root: string,
): Promise<{ file: string; kind: ReturnType<typeof classifyBinary> }[]> {
  const found = [];
  for (const file of await listFiles(root)) {
    const handle = await open(join(root, file), 'r');
    const header = new Uint8Array(BINARY_HEADER_BYTES);
    await handle.read(header, 0, BINARY_HEADER_BYTES, 0);
    await handle.close();
    const kind = classifyBinary(header);
    if (kind.kind !== 'other') found.push({ file, kind });
  }
  return found;
}

async function unpack(zip: string): Promise<string> {
  const dir = await temporaryDir('gg-unpacked-');
  for (let parent = dir; dirname(parent) !== parent; parent = dirname(parent)) {
    expect(existsSync(join(dirname(parent), 'node_modules')), `node_modules above ${dir}`).toBe(false);
  }
  await extractZip(zip, dir);
  return dir;
}

/** Runs an unpacked entry the way the Run step does, with a bare environment. */
async function runUnpacked(dir: string, args: readonly string[]): Promise<unknown> {
  const { stdout } = await run(process.execPath, [join(dir, 'main.js'), ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
  });
  return JSON.parse(stdout);
}

describe.skipIf(ASSET_MIRROR === undefined || HOST === undefined)('a fixture build for this machine', () => {
  const assets = ASSET_MIRROR ?? '';
  const host = HOST as Target;
  let outDir: string;
  let built: BuiltComponent[];
  const zipOf = (name: string) =>
    built.find((component) => component.name === name)?.artifacts[0]?.file ?? '';

  beforeAll(async () => {
    ({ outDir, built } = await build(
      [fixtureClassifier(assets), fixtureRequester(assets)],
      [{ target: host, required: true }],
    ));
    for (const component of built) {
      for (const artifact of component.artifacts) {
        console.log(`${relative(outDir, artifact.file)}: ${(artifact.bytes / 1024 / 1024).toFixed(1)} MiB`);
      }
    }
  }, BUILD_TIMEOUT_MS);

  it('writes both recipes and one zip per component in the layout gdk and greengrass-cli use', async () => {
    expect(await listFiles(outDir)).toEqual([
      `artifacts/com.custom.ImageClassifier/1.0.0/classifier-${host.id}.zip`,
      `artifacts/com.custom.requester/1.0.0/requester-${host.id}.zip`,
      'recipes/com.custom.ImageClassifier-1.0.0.yaml',
      'recipes/com.custom.requester-1.0.0.yaml',
    ]);
  });

  it('writes the source recipe with exactly the manifest of the built platform', async () => {
    for (const [recipeFile, base] of [
      ['recipes/com.custom.ImageClassifier.yaml', 'classifier'],
      ['recipes/com.custom.requester.yaml', 'requester'],
    ] as const) {
      const source = parseRecipe(await readFile(join(ROOT, recipeFile), 'utf8'), recipeFile);
      const expected = serializeRecipe(
        renderBuiltRecipe(source, new Set([artifactFileName(base, host)]), recipeFile).recipe,
      );
      const name = String(source.ComponentName);
      const text = await readFile(join(outDir, 'recipes', `${name}-1.0.0.yaml`), 'utf8');
      expect(text).toBe(expected);
      expect(checkRecipe(text)).toEqual([]);
      expect(text).toContain(`architecture: ${host.greengrassArchitecture}`);
      expect(text).not.toContain(`architecture: ${OTHER.greengrassArchitecture}`);
    }
  });

  it('zips sorted entries, each folder before its contents, with one timestamp and normalised modes', async () => {
    const entries = await listZip(zipOf('com.custom.ImageClassifier'));
    const names = entries.map((entry) => entry.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const seen = new Set<string>();
    for (const entry of entries) {
      const parent = entry.name.replace(/[^/]+\/?$/, '');
      if (parent !== '') expect(seen.has(parent), `${parent} listed before ${entry.name}`).toBe(true);
      seen.add(entry.name);
      expect(entry.directory ? [0o755] : [0o644, 0o755]).toContain(entry.mode);
    }
    expect(names).toEqual(expect.arrayContaining(['package.json', 'main.js', 'inference/worker.js']));
    expect(names).toContain('models/files/mobilenetv2-12-int8.onnx');
    expect(names).toContain('models/fixture-card.json');
  });

  it('ships no other platform, no GPU providers, no source maps, typings, sources or docs', async () => {
    for (const name of ['com.custom.ImageClassifier', 'com.custom.requester']) {
      const names = (await listZip(zipOf(name))).map((entry) => entry.name);
      const foreign = names.filter((entry) =>
        /darwin|win32|musl|\/linux\/(?!x64\/|arm64\/|$)|providers_cuda|tensorrt|\.map$|\.d\.[cm]?ts$|\.ts$|\.cc$|README/i.test(
          entry,
        ),
      );
      expect(foreign).toEqual([]);
      expect(names.filter((entry) => entry.includes(OTHER.id) || entry.includes(`/${OTHER.cpu}/`))).toEqual(
        [],
      );
    }
  });

  it('unpacked alone, the classifier zip creates an ONNX session on the real model, runs sharp and loads aws-crt', async () => {
    const dir = await unpack(zipOf('com.custom.ImageClassifier'));
    const binaries = await nativeBinaries(dir);
    expect(binaries.length).toBeGreaterThanOrEqual(5);
    for (const binary of binaries)
      expect(binary.kind, binary.file).toEqual({ kind: 'elf', machine: host.elfMachine });
    expect(await runUnpacked(dir, [join(assets, 'pelican.jpeg')])).toEqual({
      top1: 144,
      vips: expect.any(String),
      crt: 'AWS_ERROR_SUCCESS',
    });
  });

  it('unpacked alone, the requester zip loads the SDK and its photos', async () => {
    const dir = await unpack(zipOf('com.custom.requester'));
    expect(await runUnpacked(dir, [])).toEqual({
      createClient: 'function',
      crt: 'AWS_ERROR_SUCCESS',
      images: [...SAMPLE_PHOTOS],
    });
  });

  it(
    'rebuilds byte-identical zips from the same inputs',
    async () => {
      const again = await build([fixtureRequester(assets)], [{ target: host, required: true }]);
      const first = built.find((component) => component.name === 'com.custom.requester')?.artifacts[0]
        ?.sha256;
      expect(again.built[0]?.artifacts[0]?.sha256).toBe(first);
    },
    BUILD_TIMEOUT_MS,
  );
});

describe.skipIf(ASSET_MIRROR === undefined)("another platform's prebuilt packages", () => {
  const assets = ASSET_MIRROR ?? '';
  const savedCache = process.env.npm_config_cache;

  async function withEmptyNpmCache<T>(action: () => Promise<T>): Promise<T> {
    process.env.npm_config_cache = await temporaryDir('empty-npm-cache-');
    try {
      return await action();
    } finally {
      if (savedCache === undefined) delete process.env.npm_config_cache;
      else process.env.npm_config_cache = savedCache;
    }
  }

  it('are skipped with a notice when optional and not available offline', async () => {
    const log: string[] = [];
    const attempt = withEmptyNpmCache(() =>
      build([fixtureClassifier(assets)], [{ target: OTHER, required: false }], { log }),
    );
    await expect(attempt).rejects.toMatchObject({ code: 'NO_TARGET' });
    expect(log.join('\n')).toMatch(
      new RegExp(`skipping ${OTHER.id}: @img/sharp-[a-z-]+${OTHER.cpu}@[\\d.]+ is not available offline`),
    );
  });

  it('fail a required platform with PACKAGE_UNAVAILABLE when the network may not be used', async () => {
    const attempt = withEmptyNpmCache(() =>
      build([fixtureClassifier(assets)], [{ target: OTHER, required: true }]),
    );
    await expect(attempt).rejects.toBeInstanceOf(BuildError);
    await expect(attempt).rejects.toMatchObject({
      code: 'PACKAGE_UNAVAILABLE',
      message: expect.stringContaining('@img/sharp-'),
    });
  });

  it(
    `give a ${OTHER.id} classifier zip with only ${OTHER.greengrassArchitecture} binaries when the npm cache has them`,
    async (context) => {
      let result: Awaited<ReturnType<typeof build>>;
      try {
        result = await build([fixtureClassifier(assets)], [{ target: OTHER, required: true }]);
      } catch (error) {
        if (error instanceof BuildError && error.code === 'PACKAGE_UNAVAILABLE') {
          console.warn(
            `\n*** SKIPPED ${OTHER.id} build: its sharp packages are not in the npm cache (${error.message}) ***\n`,
          );
          context.skip();
        }
        throw error;
      }
      const zip = result.built[0]?.artifacts[0]?.file ?? '';
      console.log(
        `${relative(result.outDir, zip)}: ${((result.built[0]?.artifacts[0]?.bytes ?? 0) / 1024 / 1024).toFixed(1)} MiB`,
      );
      const dir = await unpack(zip);
      const binaries = await nativeBinaries(dir);
      expect(binaries.map((binary) => binary.file).sort()).toEqual(
        [
          `node_modules/@img/sharp-libvips-${OTHER.id}/lib/libvips-cpp.so.8.18.7`,
          `node_modules/@img/sharp-${OTHER.id}/lib/sharp-${OTHER.id}-0.35.5.node`,
          `node_modules/aws-crt/dist/bin/${OTHER.id}-glibc/aws-crt-nodejs.node`,
          `node_modules/onnxruntime-node/bin/napi-v6/linux/${OTHER.cpu}/libonnxruntime.so.1`,
          `node_modules/onnxruntime-node/bin/napi-v6/linux/${OTHER.cpu}/onnxruntime_binding.node`,
        ].sort(),
      );
      for (const binary of binaries) expect(binary.kind).toEqual({ kind: 'elf', machine: OTHER.elfMachine });
    },
    BUILD_TIMEOUT_MS,
  );
});

describe('build errors', () => {
  const requester = fixtureRequester(ASSET_MIRROR ?? '/nonexistent');
  const target = HOST ?? (TARGETS[0] as Target);

  it('names a missing entry point', async () => {
    const spec = { ...requester, entryPoints: ['components/requester/does-not-exist.ts'] };
    await expect(build([spec], [{ target, required: true }])).rejects.toMatchObject({
      code: 'ENTRY_MISSING',
      message: expect.stringContaining('components/requester/does-not-exist.ts'),
    });
  });

  it('names a copy rule that matches nothing, keeps the previous build and leaves nothing else behind', async () => {
    const spec = {
      ...requester,
      copy: [{ from: 'test/fixtures/packaging/models', to: 'images', include: ['*.jpg'] }],
    };
    const parent = await temporaryDir('gg-build-fail-');
    const outDir = join(parent, 'greengrass-build');
    await mkdir(join(outDir, 'recipes'), { recursive: true });
    await writeFile(join(outDir, 'recipes', 'previous.yaml'), 'from an earlier build');
    // A partial output left by a build that was killed (pid 2^22 + 1 is above Linux's pid_max).
    const abandoned = join(parent, '.greengrass-build.partial-4194305-abc123');
    await mkdir(abandoned);
    const log: string[] = [];
    const attempt = buildComponents({
      projectRoot: ROOT,
      components: [spec],
      targets: [{ target, required: true }],
      outDir,
      cacheDir: join(parent, 'cache'),
      network: 'never',
      log: (line) => log.push(line),
    });
    await expect(attempt).rejects.toMatchObject({
      code: 'COPY_SOURCE_MISSING',
      message: expect.stringContaining("'*.jpg'"),
    });
    expect(await readdir(parent)).toEqual(['greengrass-build']);
    expect(await readFile(join(outDir, 'recipes', 'previous.yaml'), 'utf8')).toBe('from an earlier build');
    expect(log).toContain(`removed ${abandoned}, left by an interrupted build`);
  });
});
