// Reads what a component wrote from one line of its nucleus-format log (pure):
//   <instant> [INFO] (Copier) com.custom.requester: stdout. <text>. {scriptName=..., serviceName=..., currentState=...}
// and, when <text> is one of our pino JSON lines, its level and message.

export interface ComponentOutput {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
  /** pino's `msg` and `level` when the text is a JSON log line. */
  readonly message?: string;
  readonly level?: string;
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
      return {
        stream,
        text,
        message: json.msg,
        ...(typeof json.level === 'string' ? { level: json.level } : {}),
      };
    }
  } catch {
    // Not one of our JSON lines (e.g. the Install step's plain output): keep the text.
  }
  return { stream, text };
}
