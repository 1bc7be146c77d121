// The one logging interface every part of the local core writes through. The nucleus-format
// file writer (greengrass.log and <ComponentName>.log) implements it; tests may pass a
// collecting implementation. Mirrors the parts of a nucleus log line
// (docs/greengrass-behaviour.md#log-line-format): level, thread, logger, event type, message, context.

export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export type LogContext = Readonly<Record<string, string | number | boolean | undefined>>;

export interface LogEvent {
  readonly level: LogLevel;
  /** Thread name as the nucleus prints it, e.g. `main`, `Copier`, `<Component>-lifecycle`. */
  readonly thread: string;
  /** Logger name, e.g. `com.aws.greengrass.ipc.IPCEventStreamService`. */
  readonly logger: string;
  /** Event type, e.g. `service-set-state`; may be empty. */
  readonly event: string;
  readonly message?: string;
  readonly context?: LogContext;
  readonly error?: unknown;
}

export interface CoreLogger {
  log(event: LogEvent): void;
}

/** A logger that drops everything; for code paths and tests that do not care. */
export const silentCoreLogger: CoreLogger = { log() {} };
