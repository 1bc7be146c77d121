// The core's log folder as on a device (docs/greengrass-behaviour.md#log-files): `greengrass.log` for the
// core itself, `<ComponentName>.log` for each component's output and script lines, and an
// empty `main.log`. Lines below the configured level cost one comparison.

import fs from 'node:fs';
import { type Clock, systemClock } from '../platform/clock.ts';
import type { CoreLogger, LogEvent, LogLevel } from './core-logger.ts';
import { formatLogLine } from './nucleus-log-format.ts';
import { RotatingLogFile } from './rotating-log-file.ts';

/** Nucleus `logging` defaults (reference 4.6). */
export const DEFAULT_LOG_LEVEL: LogLevel = 'INFO';
export const DEFAULT_LOG_FILE_SIZE_KB = 1024;
export const DEFAULT_TOTAL_LOGS_SIZE_KB = 10240;

const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4 };

export interface NucleusLogsOptions {
  readonly logsDir: string;
  readonly level?: LogLevel;
  readonly fileSizeKB?: number;
  readonly totalLogsSizeKB?: number;
  readonly clock?: Pick<Clock, 'now'>;
  /** Where a failing log file is reported (default: one line on stderr). */
  readonly onError?: (error: Error) => void;
}

export interface NucleusLogs {
  /** `greengrass.log` */
  readonly greengrass: CoreLogger;
  /** `<ComponentName>.log`, created on its first line. */
  component(componentName: string): CoreLogger;
  /** Flushes and closes every file; idempotent. */
  close(): Promise<void>;
}

export function openNucleusLogs(options: NucleusLogsOptions): NucleusLogs {
  fs.mkdirSync(options.logsDir, { recursive: true });
  fs.closeSync(fs.openSync(`${options.logsDir}/main.log`, 'a')); // exists and stays empty, as on a device
  const clock = options.clock ?? systemClock;
  const threshold = LEVEL_RANK[options.level ?? DEFAULT_LOG_LEVEL];
  const onError = options.onError ?? reportOnStderr;
  const files = new Map<string, RotatingLogFile>();
  const loggers = new Map<string, CoreLogger>();
  let closing: Promise<void> | undefined;

  const loggerFor = (name: string): CoreLogger => {
    const existing = loggers.get(name);
    if (existing !== undefined) return existing;
    const logger: CoreLogger = {
      log(event: LogEvent) {
        if (LEVEL_RANK[event.level] < threshold || closing !== undefined) return;
        let file = files.get(name);
        if (file === undefined) {
          file = new RotatingLogFile({
            dir: options.logsDir,
            name,
            fileSizeKB: options.fileSizeKB ?? DEFAULT_LOG_FILE_SIZE_KB,
            totalLogsSizeKB: options.totalLogsSizeKB ?? DEFAULT_TOTAL_LOGS_SIZE_KB,
            clock,
            onError,
          });
          files.set(name, file);
        }
        file.write(formatLogLine(event, clock.now()));
      },
    };
    loggers.set(name, logger);
    return logger;
  };

  return {
    greengrass: loggerFor('greengrass'),
    component: (componentName) => loggerFor(componentName),
    close() {
      closing ??= Promise.all([...files.values()].map((file) => file.close())).then(() => undefined);
      return closing;
    },
  };
}

let reportedOnce = false;
function reportOnStderr(error: Error): void {
  if (reportedOnce) return;
  reportedOnce = true;
  process.stderr.write(`local core: cannot write a log file: ${error.message}\n`);
}
