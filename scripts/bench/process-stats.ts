// Memory and CPU of a process, read from Linux /proc (proc(5)): VmRSS and VmHWM (peak RSS)
// from /proc/<pid>/status, utime + stime from /proc/<pid>/stat. Worker threads are included:
// they are threads of the same process.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface ProcessSample {
  readonly rssBytes: number;
  /** Highest RSS since the process started. */
  readonly peakRssBytes: number;
  /** User + system CPU time since the process started. */
  readonly cpuMs: number;
}

const CLOCK_TICKS_PER_SECOND = readClockTicks();

export function sampleProcess(pid: number): ProcessSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return {
    rssBytes: statusKilobytes(status, 'VmRSS') * 1024,
    peakRssBytes: statusKilobytes(status, 'VmHWM') * 1024,
    cpuMs: statCpuTicks(stat) * (1000 / CLOCK_TICKS_PER_SECOND),
  };
}

/** `VmRSS:    123456 kB` -> 123456. */
export function statusKilobytes(status: string, field: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  if (!match) throw new Error(`no ${field} in /proc status`);
  return Number(match[1]);
}

/** utime + stime: fields 14 and 15 of /proc/<pid>/stat, counted after the `(comm)` field. */
export function statCpuTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  return Number(fields[11]) + Number(fields[12]);
}

function readClockTicks(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100; // the Linux USER_HZ on every mainstream architecture
  }
}

/**
 * Polls RSS in the background to find the peak of one phase (VmHWM only knows the lifetime
 * peak). Stops polling by itself if the process goes away; stop() then reports the last sample.
 */
export class RssWatch {
  readonly #pid: number;
  readonly #timer: NodeJS.Timeout;
  readonly start: ProcessSample;
  #last: ProcessSample;
  #peakBytes: number;

  constructor(pid: number, intervalMs = 100) {
    this.#pid = pid;
    this.start = sampleProcess(pid);
    this.#last = this.start;
    this.#peakBytes = this.start.rssBytes;
    this.#timer = setInterval(() => this.#sample(), intervalMs);
  }

  stop(): { start: ProcessSample; peakRssBytes: number; end: ProcessSample } {
    clearInterval(this.#timer);
    const end = this.#sample();
    return { start: this.start, peakRssBytes: this.#peakBytes, end };
  }

  #sample(): ProcessSample {
    try {
      this.#last = sampleProcess(this.#pid);
    } catch {
      clearInterval(this.#timer); // the process has exited
      return this.#last;
    }
    this.#peakBytes = Math.max(this.#peakBytes, this.#last.rssBytes);
    return this.#last;
  }
}
