// The device platforms an artifact can be built for. Greengrass selects a manifest by its
// `architecture` (docs/greengrass-behaviour.md#manifests-and-platforms); npm selects prebuilt packages by the
// package.json `os`/`cpu`/`libc` fields; the ELF machine lets a test prove a zip holds no
// other platform's binaries. Pure: no I/O.

export type TargetId = 'linux-x64' | 'linux-arm64';

export interface Target {
  readonly id: TargetId;
  readonly os: 'linux';
  readonly cpu: 'x64' | 'arm64';
  readonly libc: 'glibc';
  /** The `architecture` a nucleus reports for this platform. */
  readonly greengrassArchitecture: 'amd64' | 'aarch64';
  /** `e_machine` in the ELF header of this platform's shared objects. */
  readonly elfMachine: number;
}

export const TARGETS: readonly Target[] = Object.freeze([
  {
    id: 'linux-x64',
    os: 'linux',
    cpu: 'x64',
    libc: 'glibc',
    greengrassArchitecture: 'amd64',
    elfMachine: 0x3e,
  },
  {
    id: 'linux-arm64',
    os: 'linux',
    cpu: 'arm64',
    libc: 'glibc',
    greengrassArchitecture: 'aarch64',
    elfMachine: 0xb7,
  },
]);

/** `x64`, `arm64`, `linux-x64` or `linux-arm64` to a target, or undefined. */
export function findTarget(name: string): Target | undefined {
  return TARGETS.find((target) => target.id === name || target.cpu === name);
}

/** The target matching the machine the build runs on (Node's `process.platform`/`arch`). */
export function hostTarget(platform: string, arch: string): Target | undefined {
  return TARGETS.find((target) => target.os === platform && target.cpu === arch);
}

/** `classifier` + linux-x64 -> `classifier-linux-x64.zip` (unpacked by Greengrass into `classifier-linux-x64/`). */
export function artifactFileName(artifactBaseName: string, target: Target): string {
  return `${artifactBaseName}-${target.id}.zip`;
}
