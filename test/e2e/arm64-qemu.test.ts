// The arm64 build, as a Raspberry Pi-class device runs it, on this x86-64 machine: qemu-user
// registered in binfmt_misc runs every arm64 ELF binary transparently (.ci/arm64-emulation.sh
// installs and registers it). `npm run build -- --arch arm64` makes the zips (Node.js, sharp,
// onnxruntime-node and aws-crt for arm64), a local core started with `--platform-override
// architecture=aarch64` selects the aarch64 manifests, and the requester must log
// `result: pelican` with the classifier saying it runs on linux-arm64 with the runtime's node,
// and the live view must show that pelican with a thumbnail its arm64 sharp made.
//
// qemu 7.2 (Debian 12) hands arm64 programs the host's /proc/cpuinfo; onnxruntime's CPU probe
// (pytorch/cpuinfo) crashes parsing an x86 one. The core therefore runs in a mount namespace of
// its own (unshare) where /proc/cpuinfo is an aarch64 one (a Cortex-A72's, as a Raspberry Pi 4
// reports). Slow under emulation: for function, never for timing.

import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Entry } from '../../components/liveview/entry.ts';
import { NODE_RUNTIME } from '../../scripts/build/node-runtime.ts';
import { CliProcess, REPO_ROOT, runCli } from '../helpers/cli-process.ts';
import { readLines, waitForLogLine } from '../helpers/log-file.ts';
import { until } from '../helpers/until.ts';
import { EventReader } from '../liveview/helpers/live-view-rig.ts';

const CLASSIFIER = 'com.custom.ImageClassifier';
const REQUESTER = 'com.custom.requester';
const LIVE_VIEW = 'com.custom.LiveView';
/** Failure guards: the arm64 build (npm pack of the arm64 packages), then emulated start and inference. */
const BUILD_TIMEOUT_MS = 240_000;
const RESULT_TIMEOUT_MS = 180_000;

const AARCH64_CPUINFO = Array.from(
  { length: 2 },
  (_, cpu) =>
    `processor\t: ${cpu}\nBogoMIPS\t: 108.00\nFeatures\t: fp asimd evtstrm crc32 cpuid\nCPU implementer\t: 0x41\nCPU architecture: 8\nCPU variant\t: 0x0\nCPU part\t: 0xd08\nCPU revision\t: 3\n`,
).join('\n');

/** What is missing for arm64 emulation here, or undefined when it can run. */
function missingEmulation(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64')
    return `this is ${process.platform}-${process.arch}`;
  const binfmt = '/proc/sys/fs/binfmt_misc/qemu-aarch64';
  if (!fs.existsSync(binfmt) || !fs.readFileSync(binfmt, 'utf8').startsWith('enabled'))
    return 'qemu-aarch64 is not registered in binfmt_misc (run .ci/arm64-emulation.sh as root)';
  for (const file of ['/lib/ld-linux-aarch64.so.1', '/usr/lib/aarch64-linux-gnu/libstdc++.so.6'])
    if (!fs.existsSync(file)) return `${file} is missing (apt-get install libc6:arm64 libstdc++6:arm64)`;
  const probe = spawnSync('unshare', ['--mount', 'true']);
  if (probe.status !== 0) return `unshare --mount fails here (${probe.stderr.toString().trim()})`;
  return undefined;
}

const missing = missingEmulation();
if (missing !== undefined) console.warn(`\n*** SKIPPED the arm64 build under qemu: ${missing} ***\n`);

let work: string;
let core: CliProcess | undefined;

beforeAll(() => {
  work = fs.mkdtempSync('/tmp/gg64-');
});

afterAll(async () => {
  await core?.stop();
  if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
});

it.skipIf(missing !== undefined)(
  'the arm64 build answers pelican on an aarch64 core under qemu, on its own arm64 Node.js',
  async () => {
    const buildDir = path.join(work, 'build');
    execFileSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/build/main.ts', '--arch', 'arm64', '--out', buildDir],
      { cwd: REPO_ROOT, stdio: 'pipe', timeout: BUILD_TIMEOUT_MS },
    );
    const cpuinfo = path.join(work, 'cpuinfo');
    fs.writeFileSync(cpuinfo, AARCH64_CPUINFO);
    const root = path.join(work, 'core');
    core = new CliProcess(['start', '--root', root, '--platform-override', 'architecture=aarch64'], {}, [
      'unshare',
      '--mount',
      'sh',
      '-c',
      'mount --bind "$0" /proc/cpuinfo && exec "$@"',
      cpuinfo,
    ]);
    await core.waitForLine(/architecture=aarch64/);
    const created = await runCli([
      'deployment',
      'create',
      '--recipeDir',
      path.join(buildDir, 'recipes'),
      '--artifactDir',
      path.join(buildDir, 'artifacts'),
      '--merge',
      `${CLASSIFIER}=1.0.0`,
      '--merge',
      `${REQUESTER}=1.0.0`,
      '--merge',
      `${LIVE_VIEW}=1.0.0`,
      // Emulated inference takes seconds: one pelican every 3 s, answers awaited for 2 minutes.
      '--update-config',
      JSON.stringify({
        [REQUESTER]: {
          MERGE: { IntervalMs: 3000, Images: ['pelican.jpeg'], ReplyTimeoutMs: 120000, StartupRetryMs: 0 },
        },
        [LIVE_VIEW]: { MERGE: { Port: 0 } },
      }),
      '--root',
      root,
    ]);
    expect(created.code, created.stderr).toBe(0);
    const logs = path.join(root, 'logs');
    await waitForLogLine(path.join(logs, `${REQUESTER}.log`), /"msg":"result: pelican"/, RESULT_TIMEOUT_MS);
    const start = readLines(path.join(logs, `${CLASSIFIER}.log`)).find((line) =>
      line.includes(`${CLASSIFIER} 1.0.0 starting on`),
    );
    expect(start).toContain(`starting on Node.js v${NODE_RUNTIME.nodeVersion}, linux-arm64`);

    // The live view on arm64 too: its sharp made the pelican's thumbnail from the requester's photo.
    const address = await waitForLogLine(
      path.join(logs, `${LIVE_VIEW}.log`),
      /live view: http/,
      RESULT_TIMEOUT_MS,
    );
    const page = new URL(/live view: (http\S+?)[\s"]/.exec(address)?.[1] ?? '');
    const reader = new EventReader(page.origin, page.searchParams.get('token') ?? '');
    try {
      const pelicanShown = () =>
        [
          ...reader.of<{ entries: Entry[] }>('snapshot').flatMap((snapshot) => snapshot.entries),
          ...reader.of<Entry[]>('entries').flat(),
        ].some(
          (entry) =>
            entry.name === 'pelican.jpeg' && entry.thumbnail === 'ready' && entry.top[0]?.label === 'pelican',
        );
      await until(pelicanShown, RESULT_TIMEOUT_MS);
    } finally {
      await reader.close();
    }
  },
  BUILD_TIMEOUT_MS + RESULT_TIMEOUT_MS,
);
