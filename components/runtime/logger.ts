// One root pino logger per component process, writing JSON lines to stdout: the nucleus
// prefixes each stdout line with its own timestamp and context in <Component>.log.
import pino, { type Logger } from 'pino';

export const LOG_LEVEL_ENV = 'LOG_LEVEL';

export function createLogger(component: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: process.env[LOG_LEVEL_ENV] ?? 'info',
    base: { component },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return destination ? pino(options, destination) : pino(options);
}
