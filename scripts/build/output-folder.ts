// The build's output folder is replaced whole or not at all: the build writes into a hidden
// sibling (`.greengrass-build.partial-<pid>-XXXXXX`) and swaps it in only when everything
// succeeded, so a failed or interrupted build leaves the previous good build in place. Folders
// of this kind, and the temp work folders (`gg-build-<pid>-XXXXXX`), are removed when the build
// ends, when it is interrupted (SIGINT, SIGTERM), and at the next build when the process that
// made them is gone (SIGKILL leaves them).

import { existsSync, rmSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** mkdtemp makes 0700 folders; the output is read by the nucleus's own user too. */
const OUTPUT_FOLDER_MODE = 0o755;
const PID_SUFFIX = /-(\d+)-[^-]+$/;

/** Folders removed synchronously if the process is interrupted before it removes them itself. */
const inFlight = new Set<string>();
let signalsHooked = false;

function hookSignals(): void {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(signal, () => {
      for (const dir of inFlight) rmSync(dir, { recursive: true, force: true });
      process.exit(code);
    });
  }
}

/** A new temporary folder `<parent>/<prefix><pid>-XXXXXX`, removed on interruption. */
export async function makeOwnedFolder(parent: string, prefix: string): Promise<string> {
  hookSignals();
  await mkdir(parent, { recursive: true });
  const dir = await mkdtemp(join(parent, `${prefix}${process.pid}-`));
  inFlight.add(dir);
  return dir;
}

export async function removeOwnedFolder(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  inFlight.delete(dir);
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes `<parent>/<prefix><pid>-*` folders whose process no longer runs. */
export async function removeAbandonedFolders(parent: string, prefix: string): Promise<string[]> {
  const names = await readdir(parent).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(PID_SUFFIX.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid === process.pid || processIsAlive(pid)) continue;
    await rm(join(parent, name), { recursive: true, force: true });
    removed.push(join(parent, name));
  }
  return removed;
}

export function partialPrefix(outDir: string): string {
  return `.${basename(outDir)}.partial-`;
}

/** Puts `built` where `outDir` is, keeping the old `outDir` until the new one is in place. */
export async function replaceFolder(built: string, outDir: string): Promise<void> {
  await chmod(built, OUTPUT_FOLDER_MODE);
  if (!existsSync(outDir)) {
    await rename(built, outDir);
    return;
  }
  const previous = join(dirname(outDir), `.${basename(outDir)}.previous-${process.pid}`);
  await rm(previous, { recursive: true, force: true });
  await rename(outDir, previous);
  try {
    await rename(built, outDir);
  } catch (error) {
    await rename(previous, outDir);
    throw error;
  }
  await rm(previous, { recursive: true, force: true });
}
