// One nucleus TEXT log line (docs/greengrass-behaviour.md#log-line-format; aws-greengrass-logging-java
// GreengrassLogMessage.getTextMessage, LogEventBuilderImpl):
//
//   <instant> [<LEVEL>] (<thread>) <logger>: <event type>. <message>. {k1=v1, k2=v2}
//
// - instant: java.time.Instant#toString of a millisecond timestamp, so `.SSS` is dropped
//   entirely when the milliseconds are zero;
// - the middle joins with ". " only the non-empty parts among event type, message and the
//   context map. The map is always present, so an event without context ends in `{}`, and a
//   message ending in a period gets a second one (`Hello.. {}`), as on a device;
// - context is Java Map#toString: `{k=v, k2=v2}`, values unquoted, in insertion order here;
// - an attached error adds its stack trace on the following lines.

import type { LogContext, LogEvent } from './core-logger.ts';

export function formatLogLine(event: LogEvent, timestampMs: number): string {
  const middle = [event.event, event.message ?? '', formatContext(event.context)]
    .filter((part) => part !== '')
    .join('. ');
  const line = `${formatInstant(timestampMs)} [${event.level}] (${event.thread}) ${event.logger}: ${middle}`;
  return event.error === undefined ? line : `${line}\n${formatError(event.error)}`;
}

export function formatInstant(timestampMs: number): string {
  return new Date(timestampMs).toISOString().replace('.000Z', 'Z');
}

export function formatContext(context: LogContext | undefined): string {
  const pairs = Object.entries(context ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`);
  return `{${pairs.join(', ')}}`;
}

/** Stack trace lines, with `Caused by:` for each cause, like Java's printStackTrace. */
export function formatError(error: unknown): string {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < MAX_CAUSE_DEPTH; depth++) {
    const text =
      current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current);
    lines.push(depth === 0 ? text : `Caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return lines.join('\n');
}

const MAX_CAUSE_DEPTH = 8;

/** How `shell-runner-start` prints a command (nucleus Exec#toString, Utils.deepToString(cmds, 90)). */
export const COMMAND_TEXT_MAX_CHARS = 90;

/**
 * `["<script>"]` with the script cut to fit `maxChars` and `...` appended when cut; newlines and
 * tabs escaped, other control characters, `"` and characters from U+00FF up as \uXXXX.
 */
export function formatCommand(script: string, maxChars = COMMAND_TEXT_MAX_CHARS): string {
  // deepToString spends 2 characters on the brackets and keeps max(5, remaining - 10) of the string
  const keep = Math.min(script.length, Math.max(5, maxChars - 2 - 10));
  let text = '';
  for (let i = 0; i < keep; i++) {
    const code = script.charCodeAt(i); // UTF-16 units, as Java's charAt
    const char = script.charAt(i);
    if (char === '\n') text += '\\n';
    else if (char === '\t') text += '\\t';
    else if (code < 0x20 || code >= 0xff || code === 0x7f || char === '"') text += `\\u${hex4(code)}`;
    else text += char;
  }
  return `["${text}${keep < script.length ? '...' : ''}"]`;
}

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}
