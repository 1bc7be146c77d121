// The shape of the code, as rules a change cannot break silently:
// - who may import whom (components and the local core never import each other; components
//   share only the runtime, the message contract, image-files/ and common/);
// - which modules may do I/O: everything else is pure, so it tests fast and fails for one reason.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '..');
const sources = execFileSync('git', ['ls-files', 'common', 'components', 'emulator', 'scripts'], {
  cwd: repoRoot,
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => file.endsWith('.ts'));

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

/** Project files a module imports, as repository paths. */
function projectImports(file: string): string[] {
  const text = readFileSync(path.join(repoRoot, file), 'utf8');
  return [...text.matchAll(IMPORT)]
    .map((match) => match[1] ?? match[2] ?? '')
    .filter((specifier) => specifier.startsWith('.'))
    .map((specifier) => path.normalize(path.join(path.dirname(file), specifier)));
}

/** Which part of the repository a file belongs to, for the import rules. */
function partOf(file: string): string {
  const [top, second] = file.split('/');
  if (top === 'components') return `components/${second}`;
  return top ?? file;
}

/** Parts each part may import (besides itself). */
const ALLOWED_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  common: [],
  'components/contract': ['common'],
  'components/runtime': ['common'],
  'components/image-files': ['common', 'components/contract'],
  'components/classifier': ['common', 'components/contract', 'components/runtime', 'components/image-files'],
  'components/requester': ['common', 'components/contract', 'components/runtime'],
  'components/liveview': ['common', 'components/contract', 'components/runtime', 'components/image-files'],
  emulator: ['common'],
  // Tooling may use everything it builds, runs or measures.
  scripts: [
    'common',
    'components/contract',
    'components/runtime',
    'components/classifier',
    'components/requester',
    'components/liveview',
    'components/image-files',
    'emulator',
  ],
};

const IO_IMPORT = /from '(node:)?(fs|fs\/promises|net|child_process|worker_threads|http|https|dgram)'/;

/** The modules that may do I/O; every other module under these folders must be pure. */
const IO_MODULES: Readonly<Record<string, readonly string[]>> = {
  'components/contract': [],
  'components/runtime': ['start-line.ts'],
  'components/classifier': [
    'model/load-model.ts',
    'inference/worker.ts',
    'inference/inference-host.ts',
    'inference/start-worker.ts',
    'service/watch-ledger.ts',
    'service/watch-source.ts',
  ],
  'components/requester': [],
  'components/image-files': ['path-policy.ts', 'read-image-file.ts'],
  'components/liveview': ['event-stream.ts', 'http-server.ts', 'page-files.ts', 'thumbnails.ts'],
  common: [],
  'emulator/auth': [],
  'emulator/cli-service': [],
  'emulator/config': [],
  'emulator/deployment': [
    'prepare-artifacts.ts',
    'unarchive-zip.ts',
    'recipe-directory.ts',
    'component-store.ts',
    'copy-artifacts.ts',
    'local-deployments.ts',
  ],
  'emulator/errors': [],
  'emulator/ipc': ['socket-path.ts', 'server.ts', 'connection-pool.ts', 'connection.ts'],
  'emulator/iotcore': ['iot-core-link.ts', 'embedded-broker.ts'],
  'emulator/lifecycle': [
    'install-ledger.ts',
    'leftover-processes.ts',
    'shell-process.ts',
    'step-runner.ts',
    'skip-if.ts',
  ],
  'emulator/platform': [],
  'emulator/pubsub': [],
  'emulator/recipes': [],
  'emulator/util': [],
};

describe('imports', () => {
  it('follow the layering: components and the local core never import each other', () => {
    const violations = sources.flatMap((file) => {
      const from = partOf(file);
      const allowed = ALLOWED_IMPORTS[from];
      if (!allowed) return [`${file}: part ${from} has no import rule`];
      return projectImports(file)
        .filter((target) => {
          const to = partOf(target);
          return to !== from && !allowed.includes(to);
        })
        .map((target) => `${file} imports ${target}`);
    });
    expect(violations).toEqual([]);
  });

  it('find what they are meant to find', () => {
    expect(partOf('components/classifier/service/service.ts')).toBe('components/classifier');
    expect(projectImports('components/classifier/service/service.ts')).toContain(
      'components/runtime/index.ts',
    );
    expect(ALLOWED_IMPORTS.emulator).not.toContain('components/runtime');
  });
});

describe('pure modules', () => {
  it.each(Object.entries(IO_MODULES))('%s: only the listed modules do I/O', (folder, ioModules) => {
    const inFolder = sources.filter((file) => file.startsWith(`${folder}/`));
    expect(inFolder.length, `${folder} has sources`).toBeGreaterThan(0);
    const doingIo = inFolder
      .filter((file) => IO_IMPORT.test(readFileSync(path.join(repoRoot, file), 'utf8')))
      .map((file) => file.slice(folder.length + 1));
    expect(doingIo.sort()).toEqual([...ioModules].sort());
  });
});
