// What of each shipped package reaches the device. Generic rules drop what Node never loads
// (source maps, type declarations, TypeScript and C sources, docs, tests); per-package rules
// keep only the target's prebuilt binaries (docs/dependency-traps.md#onnxruntime-node: onnxruntime-node alone ships about
// 290 MB for every platform) and omit dependencies that only install scripts or browser
// builds use. The build's resolution check (verify-stage.ts) proves nothing required at run
// time was dropped. Pure: no I/O.

import type { Target } from './targets.ts';

interface PackageRule {
  /** Declared dependencies the package never loads in Node at run time. */
  readonly runtimeUnusedDependencies?: readonly string[];
  /** True for package-relative paths (POSIX separators) that must not ship for `target`. */
  readonly drop?: (path: string, target: Target) => boolean;
}

const underAny = (path: string, folders: readonly string[]): boolean =>
  folders.some((folder) => path === folder || path.startsWith(`${folder}/`));

const PACKAGE_RULES: Readonly<Record<string, PackageRule>> = {
  'onnxruntime-node': {
    // Used only by script/install.js, which downloads the CUDA/TensorRT providers.
    runtimeUnusedDependencies: ['adm-zip', 'global-agent'],
    drop: (path, target) =>
      underAny(path, ['script', 'lib']) ||
      (path.startsWith('bin/') && !/^bin\/napi-v\d+\/linux\/[^/]+\//.test(path)) ||
      (/^bin\/napi-v\d+\/linux\//.test(path) && !path.includes(`/linux/${target.cpu}/`)) ||
      /libonnxruntime_providers_(cuda|tensorrt|shared|migraphx|rocm)/.test(path),
  },
  'aws-crt': {
    // Only dist.browser (the browser build) loads these; the Node build needs none of them
    // ('process' resolves to Node's built-in module).
    runtimeUnusedDependencies: ['axios', '@httptoolkit/websocket-stream', 'buffer', 'crypto-js', 'process'],
    drop: (path, target) =>
      underAny(path, ['source', 'dist.browser', 'scripts', 'lib']) ||
      path === 'CMakeLists.txt' ||
      (path.startsWith('dist/bin/') &&
        !path.startsWith(`dist/bin/${target.os}-${target.cpu}-${target.libc}/`)),
  },
  sharp: {
    // src/ is the C++ addon source, install/ builds it from source, lib/ holds only typings.
    drop: (path) => underAny(path, ['src', 'install', 'lib']),
  },
  'aws-iot-device-sdk-v2': {
    drop: (path) =>
      path === 'dist/browser.js' || underAny(path, ['dist/browser', 'servicetests', 'documents']),
  },
};

const DROPPED_FOLDERS = new Set([
  'test',
  'tests',
  '__tests__',
  'doc',
  'docs',
  'example',
  'examples',
  'benchmark',
  'benchmarks',
  'coverage',
  '.github',
  '.vscode',
]);

const DROPPED_FILE_PATTERNS: readonly RegExp[] = [
  /\.map$/,
  /\.d\.[cm]?ts$/,
  /\.[cm]?ts$/,
  /\.(md|markdown)$/i,
  /\.(c|cc|cpp|h|hpp|gyp|gypi|py)$/,
  /\.(spec|test)\.[cm]?js$/,
  /^\.(npmignore|eslintrc.*|prettierrc.*|editorconfig|travis\.yml|nycrc.*|gitattributes)$/,
  /^tsconfig.*\.json$/,
  /^(Makefile|CMakeLists\.txt)$/,
];

/** Files whose name says they carry licence terms: always shipped. */
const LICENCE_FILE = /^(licen[cs]e|notice|copying|third[-_]?party)/i;

export function runtimeUnusedDependencies(packageName: string): readonly string[] {
  return PACKAGE_RULES[packageName]?.runtimeUnusedDependencies ?? [];
}

/** Whether `path` (relative to the package folder, POSIX separators) ships for `target`. */
export function shipsFile(packageName: string, path: string, target: Target): boolean {
  const segments = path.split('/');
  const fileName = segments.at(-1) ?? '';
  if (path === 'package.json' || LICENCE_FILE.test(fileName)) return true;
  if (segments.slice(0, -1).some((segment) => DROPPED_FOLDERS.has(segment))) return false;
  if (DROPPED_FILE_PATTERNS.some((pattern) => pattern.test(fileName))) return false;
  return !(PACKAGE_RULES[packageName]?.drop?.(path, target) ?? false);
}
