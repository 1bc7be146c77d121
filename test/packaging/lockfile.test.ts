// The runtime closure computed from package-lock.json: plain lockfile values first, then the
// project's real lockfile for each target.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Lockfile, LockfileError, parseLockfile, resolveClosure } from '../../scripts/build/lockfile.ts';
import { runtimeUnusedDependencies } from '../../scripts/build/package-rules.ts';
import { findTarget, type Target } from '../../scripts/build/targets.ts';

const X64 = findTarget('x64') as Target;
const ARM64 = findTarget('arm64') as Target;
const noOmissions = { runtimeUnusedDependencies: () => [] };

const lock: Lockfile = {
  lockfileVersion: 3,
  packages: {
    '': { dependencies: { app: '1' } },
    'node_modules/app': {
      version: '1.0.0',
      dependencies: { shared: '^2', helper: '1' },
      optionalDependencies: {
        'app-linux-x64': '1.0.0',
        'app-linux-arm64': '1.0.0',
        'app-darwin-arm64': '1.0.0',
      },
    },
    'node_modules/app/node_modules/shared': { version: '1.5.0' },
    'node_modules/shared': { version: '2.0.0' },
    'node_modules/helper': { version: '1.0.0', dependencies: { shared: '^2' } },
    'node_modules/app-linux-x64': {
      version: '1.0.0',
      os: ['linux'],
      cpu: ['x64'],
      libc: ['glibc'],
      optional: true,
    },
    'node_modules/app-linux-arm64': { version: '1.0.0', os: ['linux'], cpu: ['arm64'], optional: true },
    'node_modules/app-darwin-arm64': { version: '1.0.0', os: ['darwin'], cpu: ['arm64'], optional: true },
    'node_modules/not-windows': { version: '1.0.0', os: ['!win32'] },
  },
};

describe('resolveClosure on plain lockfile values', () => {
  it('follows Node resolution (nested before hoisted) and keeps only the target platform', () => {
    const closure = resolveClosure(lock, ['app'], ARM64, noOmissions);
    expect(closure.map((pkg) => `${pkg.path}@${pkg.version}`)).toEqual([
      'node_modules/app@1.0.0',
      'node_modules/app-linux-arm64@1.0.0',
      'node_modules/app/node_modules/shared@1.5.0',
      'node_modules/helper@1.0.0',
      'node_modules/shared@2.0.0',
    ]);
    expect(resolveClosure(lock, ['app'], X64, noOmissions).map((pkg) => pkg.name)).toContain('app-linux-x64');
  });

  it('leaves out dependencies a package never loads at run time', () => {
    const closure = resolveClosure(lock, ['app'], X64, { runtimeUnusedDependencies: () => ['helper'] });
    expect(closure.map((pkg) => pkg.name)).not.toContain('helper');
    expect(closure.map((pkg) => pkg.path)).not.toContain('node_modules/shared');
  });

  it('honours negated os lists', () => {
    expect(resolveClosure(lock, ['not-windows'], X64, noOmissions)).toHaveLength(1);
  });

  it('fails on a required package missing from the lockfile or not built for the target', () => {
    expect(() => resolveClosure(lock, ['absent'], X64, noOmissions)).toThrow(LockfileError);
    expect(() => resolveClosure(lock, ['app-darwin-arm64'], ARM64, noOmissions)).toThrow(
      /does not support linux-arm64/,
    );
  });

  it('rejects a lockfile older than v2', () => {
    expect(() => parseLockfile(JSON.stringify({ lockfileVersion: 1, dependencies: {} }))).toThrow(
      LockfileError,
    );
  });
});

describe("the project's package-lock.json", () => {
  const projectLock = parseLockfile(
    readFileSync(join(resolve(import.meta.dirname, '..', '..'), 'package-lock.json'), 'utf8'),
  );
  const names = (target: Target) =>
    resolveClosure(projectLock, ['aws-iot-device-sdk-v2', 'onnxruntime-node', 'sharp'], target, {
      runtimeUnusedDependencies,
    }).map((pkg) => pkg.name);

  it.each([
    [X64, '@img/sharp-linux-x64', '@img/sharp-libvips-linux-x64'],
    [ARM64, '@img/sharp-linux-arm64', '@img/sharp-libvips-linux-arm64'],
  ])("gives $id exactly that platform's sharp packages", (target, sharpPackage, libvipsPackage) => {
    const platformPackages = names(target).filter((name) => /^@img\/sharp-/.test(name));
    expect(platformPackages.sort()).toEqual([libvipsPackage, sharpPackage]);
  });

  it('omits install-time and browser-only dependencies', () => {
    const closure = names(X64);
    for (const unused of ['adm-zip', 'global-agent', 'axios', 'crypto-js', '@httptoolkit/websocket-stream']) {
      expect(closure).not.toContain(unused);
    }
    expect(closure).toEqual(
      expect.arrayContaining(['aws-crt', 'onnxruntime-common', 'detect-libc', 'semver']),
    );
  });
});
