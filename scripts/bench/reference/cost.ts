// Cost of a piece of work per photo: wall time and CPU time of this whole process (worker
// threads and libuv threads included), so work spread over threads is counted in full.
import { median } from '../stats.ts';

export interface CostPerPhoto {
  /** Elapsed time per photo. */
  readonly wallMs: number;
  /** CPU time per photo, all threads of the process. */
  readonly cpuMs: number;
}

/** CPU time of this process so far, all threads. */
export const cpuMsNow = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * Runs `pass` `passes` times; the first is warm-up; returns the median cost per photo of the
 * rest. `prepare` makes each pass's input outside the timed part.
 */
export async function measurePasses<T = undefined>(
  passes: number,
  photosPerPass: number,
  pass: (input: T) => Promise<void>,
  prepare: () => T = () => undefined as T,
): Promise<CostPerPhoto> {
  await pass(prepare());
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 1; i < passes; i++) {
    const input = prepare();
    const wallStart = performance.now();
    const cpuStart = cpuMsNow();
    await pass(input);
    wall.push((performance.now() - wallStart) / photosPerPass);
    cpu.push((cpuMsNow() - cpuStart) / photosPerPass);
  }
  return { wallMs: median(wall), cpuMs: median(cpu) };
}
