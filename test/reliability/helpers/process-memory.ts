// Resident memory of a process from /proc/<pid>/status (Linux): VmRSS now, VmHWM the peak.
import { readFileSync } from 'node:fs';

export interface ProcessMemory {
  readonly rssBytes: number;
  readonly peakRssBytes: number;
}

export function readProcessMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return { rssBytes: statusKiB(status, 'VmRSS') * 1024, peakRssBytes: statusKiB(status, 'VmHWM') * 1024 };
}

function statusKiB(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match?.[1]) throw new Error(`no ${field} in /proc/<pid>/status`);
  return Number(match[1]);
}

export const mib = (bytes: number): number => Math.round((bytes / 1024 / 1024) * 10) / 10;
