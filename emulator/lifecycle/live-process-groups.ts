// Process groups the core has started and not yet seen end. If the core process exits without
// stopping them (a crash, process.exit), they are killed on the way out so no orphaned
// component keeps running (as execa's cleanup does).

const groups = new Set<number>();
let hooked = false;

export function trackProcessGroup(pid: number): void {
  groups.add(pid);
  if (!hooked) {
    hooked = true;
    process.once('exit', killAll);
  }
}

export function untrackProcessGroup(pid: number): void {
  groups.delete(pid);
}

/**
 * Sends a signal to a whole process group; false when the group is gone (ESRCH) or only members
 * we may not signal are left (EPERM: one that changed user, e.g. through sudo). Never throws: it
 * runs in timers and exit handlers, where a throw would take the whole core down.
 */
export function signalProcessGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

function killAll(): void {
  for (const pid of groups) signalProcessGroup(pid, 'SIGKILL');
  groups.clear();
}
