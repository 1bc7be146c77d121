// The staged-artifact checks on small hand-made folders: an import that only resolves from
// outside the artifact, a foreign binary, and a native package without its binary.

import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LockedPackage } from '../../scripts/build/lockfile.ts';
import { findTarget, type Target } from '../../scripts/build/targets.ts';
import { verifyStage } from '../../scripts/build/verify-stage.ts';

const ORT_BIN = join(
  resolve(import.meta.dirname, '..', '..'),
  'node_modules/onnxruntime-node/bin/napi-v6/linux',
);
const X64 = findTarget('x64') as Target;
const ARM64 = findTarget('arm64') as Target;

async function put(root: string, path: string, text: string): Promise<void> {
  await mkdir(join(root, path, '..'), { recursive: true });
  await writeFile(join(root, path), text);
}

describe('verifyStage', () => {
  let stage: string;
  beforeEach(async () => {
    stage = await mkdtemp(join(tmpdir(), 'verify-stage-'));
    await put(stage, 'package.json', '{"type":"module"}');
    await put(stage, 'node_modules/dep/package.json', '{"name":"dep","version":"1.0.0","main":"index.js"}');
    await put(stage, 'node_modules/dep/index.js', "module.exports = require('./lib/part.js');");
    await put(stage, 'node_modules/dep/lib/part.js', 'module.exports = 1;');
    await put(stage, 'main.js', "import dep from 'dep';\nconsole.log(dep);\n");
  });
  afterEach(async () => {
    await rm(stage, { recursive: true, force: true });
  });

  it('passes a complete folder and counts its binaries', async () => {
    await mkdir(join(stage, 'node_modules/dep/bin'), { recursive: true });
    await copyFile(join(ORT_BIN, 'x64/onnxruntime_binding.node'), join(stage, 'node_modules/dep/bin/x.node'));
    await expect(verifyStage(stage, ['main.js'], X64, [])).resolves.toEqual({ nativeBinaries: 1 });
  });

  it('rejects a file the pruning dropped (UNRESOLVED_IMPORT names it)', async () => {
    await rm(join(stage, 'node_modules/dep/lib/part.js'));
    await expect(verifyStage(stage, ['main.js'], X64, [])).rejects.toMatchObject({
      code: 'UNRESOLVED_IMPORT',
      message: expect.stringContaining('./lib/part.js'),
    });
  });

  it('rejects a package that is not in the artifact', async () => {
    await put(stage, 'main.js', "import other from 'other-package';\nconsole.log(other);\n");
    await expect(verifyStage(stage, ['main.js'], X64, [])).rejects.toMatchObject({
      code: 'UNRESOLVED_IMPORT',
    });
  });

  it("rejects another platform's binary (WRONG_ARCHITECTURE names the file)", async () => {
    await mkdir(join(stage, 'node_modules/dep/bin'), { recursive: true });
    await copyFile(
      join(ORT_BIN, 'arm64/onnxruntime_binding.node'),
      join(stage, 'node_modules/dep/bin/x.node'),
    );
    await expect(verifyStage(stage, ['main.js'], X64, [])).rejects.toMatchObject({
      code: 'WRONG_ARCHITECTURE',
      message: expect.stringContaining('node_modules/dep/bin/x.node'),
    });
    await expect(verifyStage(stage, ['main.js'], ARM64, [])).resolves.toEqual({ nativeBinaries: 1 });
  });

  it('rejects a native package whose binary for the target is missing', async () => {
    const ort: LockedPackage = {
      name: 'onnxruntime-node',
      version: '1.30.0',
      path: 'node_modules/onnxruntime-node',
      integrity: undefined,
    };
    await expect(verifyStage(stage, ['main.js'], X64, [ort])).rejects.toMatchObject({
      code: 'WRONG_ARCHITECTURE',
      message: expect.stringContaining('onnxruntime_binding'),
    });
  });
});
