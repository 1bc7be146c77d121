// This core's platform labels for manifest selection (docs/greengrass-behaviour.md#manifests-and-platforms; nucleus
// PlatformResolver). Pure: the caller passes what Node reports.
//
// `runtime`: the Java nucleus detects only os, architecture and architecture.detail, and treats
// `runtime: "*"` as "anything, including absent". Nucleus lite selects only manifests whose
// runtime matches `aws_nucleus_lite` or `*` (docs/nucleus-flavours.md). This local core behaves
// like the classic nucleus, so it carries the label the Greengrass service gives classic cores
// (`aws_nucleus_classic`, CoreDevice.runtime): `runtime: "*"` and `runtime: aws_nucleus_classic`
// match, a lite-only manifest (`runtime: aws_nucleus_lite`) is skipped, and a manifest without
// `runtime` matches. Our own recipes say `runtime: "*"`, which selects the same manifest on all
// three. Overrides (the nucleus `platformOverride`) can replace or add any label.

import type { PlatformLabels } from '../recipes/platform-match.ts';

export const CLASSIC_RUNTIME_LABEL = 'aws_nucleus_classic';

export interface NodePlatformFacts {
  /** process.platform */
  readonly platform: string;
  /** process.arch */
  readonly arch: string;
  /** os.machine(), i.e. `uname -m` */
  readonly machine: string;
}

const OS_BY_NODE_PLATFORM: Readonly<Record<string, string>> = {
  linux: 'linux',
  darwin: 'darwin',
  win32: 'windows',
};
const ARCHITECTURE_BY_NODE_ARCH: Readonly<Record<string, string>> = {
  x64: 'amd64',
  ia32: 'x86',
  arm: 'arm',
  arm64: 'aarch64',
};
/** `uname -m` values the nucleus reports as architecture.detail (reference 3.4). */
const ARCHITECTURE_DETAILS = new Set(['armv6l', 'armv7l', 'armv8l', 'armv6b', 'armv7b', 'armv8b']);

export function platformLabels(facts: NodePlatformFacts, overrides: PlatformLabels = {}): PlatformLabels {
  const labels: Record<string, string> = {
    os: OS_BY_NODE_PLATFORM[facts.platform] ?? 'unknown',
    architecture: ARCHITECTURE_BY_NODE_ARCH[facts.arch] ?? 'unknown',
    runtime: CLASSIC_RUNTIME_LABEL,
  };
  const detail = facts.machine.toLowerCase();
  if (ARCHITECTURE_DETAILS.has(detail)) labels['architecture.detail'] = detail;
  return Object.freeze({ ...labels, ...overrides });
}
