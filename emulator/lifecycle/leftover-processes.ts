// Component processes a previous core on the same root left running (it was killed with
// SIGKILL, or crashed, and could not stop them). They would otherwise run beside the new core's
// own instances, knocking with a token nobody knows. Every component process carries its core's
// socket path in AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT (AWS IoT
// Greengrass developer guide, "Use the AWS IoT Device SDK to communicate with the Greengrass
// nucleus": the environment the nucleus gives components), so a new core finds them in /proc (proc(5):
// /proc/<pid>/environ, /proc/<pid>/stat) and ends their process groups before it starts any.
// Linux only; elsewhere it finds nothing.

import fs from 'node:fs';

export const SOCKET_PATH_ENV = 'AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT';

export interface LeftoverProcess {
  readonly pid: number;
  /** Its process group (the lifecycle step's shell started it as the group leader). */
  readonly processGroup: number;
}

/** Processes (other than this one) whose environment names `socketPath` as their core's socket. */
export function findLeftoverProcesses(socketPath: string): LeftoverProcess[] {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  const wanted = `${SOCKET_PATH_ENV}=${socketPath}`;
  const found: LeftoverProcess[] = [];
  for (const entry of entries) {
    const pid = Number(entry);
    if (!Number.isSafeInteger(pid) || pid === process.pid) continue;
    try {
      const environ = fs.readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0');
      if (!environ.includes(wanted)) continue;
      // stat: "pid (comm) state ppid pgrp ...": comm may hold spaces, so split after its ')'.
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const processGroup = Number(fields[2]);
      if (Number.isSafeInteger(processGroup) && processGroup > 1) found.push({ pid, processGroup });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

const POLL_MS = 50;

/**
 * Ends the process groups of `leftovers`: SIGTERM, then SIGKILL to those still there after
 * `graceMs`. Resolves with the groups it signalled.
 */
export async function endLeftoverProcesses(
  leftovers: readonly LeftoverProcess[],
  graceMs: number,
  signalGroup: (processGroup: number, signal: NodeJS.Signals) => boolean,
): Promise<number[]> {
  const groups = [...new Set(leftovers.map((leftover) => leftover.processGroup))];
  for (const group of groups) signalGroup(group, 'SIGTERM');
  const alive = (): boolean => leftovers.some((leftover) => processExists(leftover.pid));
  const deadline = Date.now() + graceMs;
  while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  for (const group of groups) signalGroup(group, 'SIGKILL');
  return groups;
}

function processExists(pid: number): boolean {
  try {
    // A zombie (exited, not yet reaped by its parent) counts as gone.
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return false;
  }
}
