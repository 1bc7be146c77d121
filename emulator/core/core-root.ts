// Which folder is the core's root: shared by `start` and every verb that talks to a core.

import path from 'node:path';

/** The root when neither `--root` nor GG_ROOT says otherwise (architecture.md, "Command lines"). */
export const DEFAULT_CORE_ROOT = './greengrass/v2';
export const CORE_ROOT_ENV = 'GG_ROOT';

/** `--root`, else GG_ROOT, else ./greengrass/v2; absolute. */
export function resolveCoreRoot(
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  cwd: string = process.cwd(),
): string {
  return path.resolve(cwd, flag || env[CORE_ROOT_ENV] || DEFAULT_CORE_ROOT);
}
