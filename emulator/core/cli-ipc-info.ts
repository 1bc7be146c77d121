// Where the CLI finds the core: like the aws.greengrass.Cli service (CLIService.generateCliIpcInfo),
// the core writes `<root>/cli_ipc_info/user-<uid>` holding the CLI's IPC token and the socket
// path, readable by its owner only (0600, folder 0700); greengrass-cli reads `user-<uid>`, then
// `group-<gid>`, then any file in the folder (NucleusAdapterIpcClientImpl.loadCliIpcInfo). Files
// of an earlier run are deleted first: their tokens are no longer valid.

import fs from 'node:fs';
import path from 'node:path';

export const CLI_IPC_INFO_DIR = 'cli_ipc_info';
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

/** The file's JSON keys, exactly as greengrass-cli reads them. */
export interface CliIpcInfo {
  readonly cli_auth_token: string;
  readonly domain_socket_path: string;
}

export function cliIpcInfoDir(root: string): string {
  return path.join(root, CLI_IPC_INFO_DIR);
}

function effectiveUid(): number {
  return process.geteuid?.() ?? 0;
}

function effectiveGid(): number {
  return process.getegid?.() ?? 0;
}

/** Replaces every earlier file with this run's `user-<uid>` file; returns its path. */
export function writeCliIpcInfo(root: string, info: CliIpcInfo): string {
  const dir = cliIpcInfoDir(root);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  fs.chmodSync(dir, DIR_MODE); // mkdir's mode is filtered by the umask
  const file = path.join(dir, `user-${effectiveUid()}`);
  fs.writeFileSync(file, JSON.stringify(info), { mode: FILE_MODE, flag: 'wx' });
  fs.chmodSync(file, FILE_MODE);
  return file;
}

export function removeCliIpcInfo(file: string): void {
  fs.rmSync(file, { force: true });
}

export type CliIpcInfoLookup =
  | { readonly found: true; readonly file: string; readonly info: CliIpcInfo }
  | { readonly found: false; readonly problem: string };

/** Reads the CLI's token file the way greengrass-cli looks for it. */
export function readCliIpcInfo(root: string): CliIpcInfoLookup {
  const dir = cliIpcInfoDir(root);
  const problems: string[] = [];
  const candidates = [`user-${effectiveUid()}`, `group-${effectiveGid()}`];
  try {
    for (const name of fs.readdirSync(dir).sort()) if (!candidates.includes(name)) candidates.push(name);
  } catch (error) {
    problems.push(`cannot list ${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  for (const name of candidates) {
    const file = path.join(dir, name);
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') problems.push(`cannot read ${file}: ${code ?? String(error)}`);
      continue;
    }
    const info = parseCliIpcInfo(text);
    if (info === undefined) problems.push(`${file} is not a CLI IPC info file`);
    else return { found: true, file, info };
  }
  return { found: false, problem: problems.length > 0 ? problems.join('; ') : `no file in ${dir}` };
}

function parseCliIpcInfo(text: string): CliIpcInfo | undefined {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return undefined;
    const { cli_auth_token: token, domain_socket_path: socket } = value as Record<string, unknown>;
    if (typeof token !== 'string' || typeof socket !== 'string') return undefined;
    return { cli_auth_token: token, domain_socket_path: socket };
  } catch {
    return undefined;
  }
}
