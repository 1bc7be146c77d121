// What the figures were measured on: CPU model from /proc/cpuinfo, cores, memory, load.
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** Above this 1-minute load average other work is running: figures are not trustworthy. */
export const QUIET_LOAD_AVERAGE = 0.6;

export function cpuModel(): string {
  try {
    const match = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    return match?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  } catch {
    return os.cpus()[0]?.model ?? 'unknown';
  }
}

export const loadAverage = (): number[] => os.loadavg().map((value) => Math.round(value * 100) / 100);

export const coreCount = (): number => os.availableParallelism();

export const memoryGiB = (): number => os.totalmem() / 1024 ** 3;
