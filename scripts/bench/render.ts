// The printed benchmark table (pure): machine, reference points, figures through IPC, targets.
import { type BenchResult, totalCpuMs } from './result.ts';
import { median } from './stats.ts';
import type { TargetVerdict } from './targets.ts';

const f1 = (value: number): string => value.toFixed(1);
const f2 = (value: number): string => value.toFixed(2);
const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const row = (label: string, ...cells: string[]): string =>
  `  ${label.padEnd(46)}${cells.map((cell) => cell.padStart(12)).join('')}`;

export function renderReport(result: BenchResult, verdicts: readonly TargetVerdict[]): string {
  const { machine, reference, throughput: tp, unloaded, overload, memory } = result;
  const lines: string[] = [];
  lines.push(
    `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${f1(machine.memoryGiB)} GiB, Node ${machine.node} (references), ${machine.classifierNode} (classifier)`,
    `Load average (1/5/15 min) at start ${machine.loadAverageAtStart.join(' ')}, at end ${machine.loadAverageAtEnd.join(' ')}`,
    `Photos: ${result.photos.count} from ${result.photos.directory}; requests: ${result.photos.form} form`,
    '',
  );
  if (reference) {
    const inf = reference.inference;
    const { jpeg } = reference;
    const cpuOnly = (label: string, cpuMs: number) => row(label, '', f2(cpuMs));
    lines.push(
      row('Reference points (in-process, per photo)', 'wall ms', 'CPU ms'),
      ...('unavailable' in jpeg
        ? [row(`libjpeg-turbo reference: ${jpeg.unavailable}`)]
        : [
            cpuOnly('libjpeg-turbo (C): decode only', jpeg.decodeCpuMs),
            cpuOnly('libjpeg-turbo (C): decode + resize + crop/normalise', jpeg.preprocessCpuMs),
          ]),
      row(
        'product preprocessing (decode-image + normalise)',
        f2(reference.decodeOnly.wallMs),
        f2(reference.decodeOnly.cpuMs),
      ),
      ...('unavailable' in jpeg
        ? []
        : [row('  vs libjpeg-turbo (CPU)', '', `${f2(reference.decodeOnly.cpuMs / jpeg.preprocessCpuMs)}x`)]),
      row(
        `  ${reference.parallelDecodes} at once (wall per photo)`,
        f2(reference.decodeInParallel.wallMs),
        f2(reference.decodeInParallel.cpuMs),
      ),
      row(
        `  speed-up on ${result.machine.cores} cores (ideal ${result.machine.cores}.00)`,
        `${f2(reference.decodeOnly.wallMs / reference.decodeInParallel.wallMs)}x`,
      ),
      row(
        'sharp with its defaults + normalise',
        f2(reference.naiveDecode.wallMs),
        f2(reference.naiveDecode.cpuMs),
      ),
      row('inference-only, 1 thread', f2(inf.oneThread.wallMs), f2(inf.oneThread.cpuMs)),
      row('inference-only, 2 threads', f2(inf.twoThreads.wallMs), f2(inf.twoThreads.cpuMs)),
      row(
        `inference-only, batch ${inf.batchSize}, 1 thread`,
        f2(inf.batchOneThread.wallMs),
        f2(inf.batchOneThread.cpuMs),
      ),
      row(
        `inference-only, batch ${inf.batchSize}, 2 threads`,
        f2(inf.batchTwoThreads.wallMs),
        f2(inf.batchTwoThreads.cpuMs),
      ),
      row(
        'physical bound: cores / (libjpeg-turbo + infer)',
        reference.physicalBoundPerSecond === undefined ? 'n/a' : `${f1(reference.physicalBoundPerSecond)}/s`,
      ),
      row('product bound: cores / (product prep + infer)', `${f1(reference.productBoundPerSecond)}/s`),
      row(
        'naive pipeline (4 in flight, no IPC), CPU ms',
        `${f1(reference.naivePerSecond)}/s`,
        f2(reference.naiveCpuMsPerPhoto),
      ),
      '',
    );
  }
  const echo = result.ipcOnly.loaded.median;
  const ipcCpuMs = totalCpuMs(echo.cpuMsPerRequest);
  lines.push(
    row(`IPC only: bench.Echo, ${result.ipcOnly.loaded.concurrency} in flight`, 'echo', 'core', 'load gen'),
    row(
      'CPU ms per request',
      f2(echo.cpuMsPerRequest.component),
      f2(echo.cpuMsPerRequest.core),
      f2(echo.cpuMsPerRequest.loadGenerator),
    ),
    row('throughput / latency p50', `${f1(echo.perSecond)}/s`, `${f1(echo.latency.p50Ms)} ms`),
    row(
      'one at a time: round trip p50 / p99 (ms)',
      f2(result.ipcOnly.unloaded.p50Ms),
      f2(result.ipcOnly.unloaded.p99Ms),
    ),
  );
  if (reference) {
    const perPhotoMs = reference.decodeOnly.cpuMs + reference.cheapestInferenceCpuMs + ipcCpuMs;
    lines.push(row('bound including the IPC path', `${f1((result.machine.cores * 1000) / perPhotoMs)}/s`));
  }
  lines.push('');
  const m = tp.median;
  const reps = tp.repetitions.length;
  lines.push(
    row(`Through IPC (${tp.concurrency} in flight; medians of ${reps})`),
    row('throughput', `${f1(m.perSecond)}/s`),
  );
  if (reference) {
    lines.push(
      row(
        '  vs physical bound / vs naive',
        reference.physicalBoundPerSecond === undefined
          ? 'n/a'
          : `${f2(m.perSecond / reference.physicalBoundPerSecond)}x`,
        `${f2(m.perSecond / reference.naivePerSecond)}x`,
      ),
    );
  }
  lines.push(
    row('latency p50 / p90 / p99 (ms)', f1(m.latency.p50Ms), f1(m.latency.p90Ms), f1(m.latency.p99Ms)),
    row(
      'CPU cores: classifier / core / load generator',
      f2(m.cpu.componentCores),
      f2(m.cpu.coreCores),
      f2(m.cpu.loadGeneratorCores),
    ),
    row(
      'CPU ms per request: same order',
      f2(m.cpuMsPerRequest.component),
      f2(m.cpuMsPerRequest.core),
      f2(m.cpuMsPerRequest.loadGenerator),
    ),
    row(
      'ceiling at that CPU cost (cores / sum)',
      `${f1((result.machine.cores * 1000) / totalCpuMs(m.cpuMsPerRequest))}/s`,
    ),
    row(
      'classifier RSS start / peak / end',
      mb(tp.rss.startBytes),
      mb(tp.rss.peakBytes),
      mb(tp.rss.endBytes),
    ),
    row('errors in the windows', errorText(tp.repetitions.map((r) => r.errors))),
    '',
    row(`Unloaded latency (${unloaded.count} one at a time)`, 'p50', 'p90', 'p99'),
    row('publish to reply receipt (ms)', f1(unloaded.p50Ms), f1(unloaded.p90Ms), f1(unloaded.p99Ms)),
    row(
      'inside the classifier: read+decode / infer / all',
      f1(result.unloadedInside.decodeMs),
      f1(result.unloadedInside.inferMs),
      f1(result.unloadedInside.totalMs),
    ),
    row(
      'process start to RUNNING (ms), median / max',
      f1(median(result.startToRunningMs)),
      f1(Math.max(...result.startToRunningMs)),
    ),
    '',
    row(
      `Overload: open loop ${f1(overload.ratePerSecond)}/s for ${overload.durationMs / 1000} s, MaxQueue ${overload.maxQueue}`,
    ),
    row(
      'sent / ok / BUSY',
      String(overload.sent),
      String(overload.byStatus.ok ?? 0),
      String(overload.byStatus.BUSY ?? 0),
    ),
    row(
      'BUSY latency p50 / p99 / max (ms)',
      f1(overload.busyLatency.p50Ms),
      f1(overload.busyLatency.p99Ms),
      f1(overload.busyLatency.maxMs),
    ),
    row(
      'accepted latency p50 / p99 / max (ms)',
      f1(overload.acceptedLatency.p50Ms),
      f1(overload.acceptedLatency.p99Ms),
      f1(overload.acceptedLatency.maxMs),
    ),
    row('queue drain time (MaxQueue / throughput, ms)', f1(overload.queueDrainMs)),
    '',
    row(`Memory over ${memory.answered} requests`, 'answered', 'RSS'),
    row('floor: Node + sharp + ORT session + SDK, idle', mb(memory.floorRssBytes)),
    row('', 'at RUNNING', mb(memory.rssAtRunningBytes)),
    ...memorySamplesShown(memory.samples).map((s) => row('', String(s.answered), mb(s.rssBytes))),
    row('final RSS / lifetime peak (VmHWM)', mb(memory.finalRssBytes), mb(memory.lifetimePeakRssBytes)),
    row(
      'lost requests / unmatched replies',
      String(result.integrity.lost),
      String(result.integrity.unmatched),
    ),
    '',
    'Targets (README, Benchmarks)',
    ...verdicts.map(
      (v) => `  [${v.met === undefined ? ' n/a' : v.met ? 'PASS' : 'FAIL'}] ${v.target}: ${v.measured}`,
    ),
  );
  return `${lines.join('\n')}\n`;
}

function errorText(errors: ReadonlyArray<Readonly<Record<string, number>>>): string {
  const total = new Map<string, number>();
  for (const repetition of errors)
    for (const [code, count] of Object.entries(repetition)) total.set(code, (total.get(code) ?? 0) + count);
  return total.size === 0 ? 'none' : [...total].map(([code, count]) => `${code} ${count}`).join(', ');
}

/** At most about ten rows: every k-th sample, always including the last. */
function memorySamplesShown<T>(samples: readonly T[]): T[] {
  const step = Math.max(1, Math.ceil(samples.length / 10));
  return samples.filter((_, index) => index % step === step - 1 || index === samples.length - 1);
}
