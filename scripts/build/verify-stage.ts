// Proves a staged artifact is complete and for one platform before it is zipped:
// 1. every import reachable from the bundle resolves inside the staged folder (esbuild walks
//    the same module graph Node will load; the folder has no node_modules above it), so the
//    pruning dropped nothing needed at run time;
// 2. every native binary in it is an ELF file for the target's machine (no other platform's
//    .node/.so, no Mach-O or PE files), and the binaries each native package loads are there.

import { open, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { build } from 'esbuild';
import { BINARY_HEADER_BYTES, classifyBinary } from './elf.ts';
import { BuildError } from './errors.ts';
import type { LockedPackage } from './lockfile.ts';
import type { Target } from './targets.ts';

/** Native files each package loads on `target`, as paths under its install folder. */
function expectedBinaries(pkg: LockedPackage, target: Target): RegExp[] {
  const platform = `${target.os}-${target.cpu}`;
  switch (pkg.name) {
    case 'onnxruntime-node':
      return [new RegExp(`^bin/napi-v\\d+/linux/${target.cpu}/onnxruntime_binding\\.node$`)];
    case 'aws-crt':
      return [new RegExp(`^dist/bin/${platform}-${target.libc}/aws-crt-nodejs\\.node$`)];
    case `@img/sharp-${platform}`:
      return [new RegExp(`^lib/sharp-${platform}-[^/]+\\.node$`)];
    case `@img/sharp-libvips-${platform}`:
      return [/^lib\/libvips-cpp\.so\.[\d.]+$/];
    default:
      return [];
  }
}

async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

async function readHeader(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(BINARY_HEADER_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, BINARY_HEADER_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

async function checkResolution(stageDir: string, entryFiles: readonly string[]): Promise<void> {
  try {
    const result = await build({
      entryPoints: entryFiles.map((file) => join(stageDir, file)),
      absWorkingDir: stageDir,
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outdir: join(stageDir, '.resolution-check'),
      nodePaths: [],
      loader: { '.node': 'empty' },
      metafile: true,
      logLevel: 'silent',
    });
    const outside = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('..'));
    if (outside.length > 0) {
      throw new BuildError(
        'UNRESOLVED_IMPORT',
        `modules resolved outside the artifact: ${outside.join(', ')}`,
      );
    }
  } catch (error) {
    if (error instanceof BuildError) throw error;
    const failures =
      typeof error === 'object' && error !== null && 'errors' in error && Array.isArray(error.errors)
        ? error.errors.map(
            (item: { text?: string; location?: { file?: string } | null }) =>
              `${item.location?.file ?? '?'}: ${item.text ?? '?'}`,
          )
        : [String(error)];
    throw new BuildError(
      'UNRESOLVED_IMPORT',
      `imports that do not resolve inside the artifact:\n  ${failures.join('\n  ')}`,
      {
        cause: error,
      },
    );
  }
}

async function checkBinaries(
  stageDir: string,
  target: Target,
  packages: readonly LockedPackage[],
): Promise<number> {
  const files = await listFiles(stageDir);
  const wrong: string[] = [];
  let natives = 0;
  for (const file of files) {
    const kind = classifyBinary(await readHeader(join(stageDir, file)));
    if (kind.kind === 'other') continue;
    natives += 1;
    if (kind.kind !== 'elf' || kind.machine !== target.elfMachine) wrong.push(`${file} (${kind.kind})`);
  }
  if (wrong.length > 0) {
    throw new BuildError(
      'WRONG_ARCHITECTURE',
      `binaries not built for ${target.id}:\n  ${wrong.join('\n  ')}`,
    );
  }
  for (const pkg of packages) {
    const inPackage = files
      .filter((file) => file.startsWith(`${pkg.path}/`))
      .map((file) => file.slice(pkg.path.length + 1));
    for (const pattern of expectedBinaries(pkg, target)) {
      if (!inPackage.some((file) => pattern.test(file))) {
        throw new BuildError('WRONG_ARCHITECTURE', `${pkg.name} has no ${pattern.source} for ${target.id}`);
      }
    }
  }
  return natives;
}

/** Throws a BuildError naming what is missing or foreign; returns the number of native binaries. */
export async function verifyStage(
  stageDir: string,
  entryFiles: readonly string[],
  target: Target,
  packages: readonly LockedPackage[],
): Promise<{ nativeBinaries: number }> {
  await checkResolution(stageDir, entryFiles);
  return { nativeBinaries: await checkBinaries(stageDir, target, packages) };
}
