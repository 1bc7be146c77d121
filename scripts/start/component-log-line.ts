// Reads what a component wrote from one line of its nucleus-format log (pure):
//   <instant> [INFO] (Copier) com.custom.requester: stdout. <text>. {scriptName=..., serviceName=..., currentState=...}
// and, when <text> is one of our pino JSON lines, its level and message.

export interface ComponentOutput {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  /** pino's `msg` and `level` when the text is a JSON log line. */
  readonly message?: string;
  readonly level?: string;
  /** The JSON line's other fields. */
  readonly fields?: Readonly<Record<string, unknown>>;
}

const PERCENT_DECIMALS = 1;

/**
 * A requester result as `npm start` prints it: `result: pelican  pelican.jpeg 99.7% 14 ms`
 * (label, file, probability, request-to-reply latency); other lines as they are.
 */
export function describeOutput(output: ComponentOutput): string {
  const { message, fields } = output;
  if (!message?.startsWith('result: ') || !fields) return message ?? output.text;
  const details = [
    typeof fields.fname === 'string' ? fields.fname : undefined,
    typeof fields.probability === 'number'
      ? `${(fields.probability * 100).toFixed(PERCENT_DECIMALS)}%`
      : undefined,
    typeof fields.latencyMs === 'number' ? `${Math.round(fields.latencyMs)} ms` : undefined,
  ].filter((part) => part !== undefined);
  return details.length > 0 ? `${message}  ${details.join(' ')}` : message;
}

const OUTPUT_LINE = /^\S+ \[[A-Z]+\] \([^)]*\) [^:]+: (stdout|stderr)\. (.*?)\.? \{scriptName=[^}]*\}$/;

export function parseComponentOutput(line: string): ComponentOutput | undefined {
  const match = OUTPUT_LINE.exec(line);
  if (!match) return undefined;
  const stream = match[1] as 'stdout' | 'stderr';
  const text = match[2] ?? '';
  try {
    const json = JSON.parse(text) as { msg?: unknown; level?: unknown };
    if (typeof json.msg === 'string') {
      const { msg, level, ...fields } = json as Record<string, unknown>;
      return {
        stream,
        text,
        message: json.msg,
        ...(typeof json.level === 'string' ? { level: json.level } : {}),
        fields,
      };
    }
  } catch {
    // Not one of our JSON lines (e.g. the Install step's plain output): keep the text.
  }
  return { stream, text };
}
