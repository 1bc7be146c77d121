// Parses the model's label file: one "wnid synonym, synonym, ..." line per class, in class-index
// order (line number - 1 = index). Labels can repeat (134 and 517 are both "crane"), so classes
// are identified by index; the label is the first synonym.

export interface ClassLabel {
  readonly wnid: string;
  /** First synonym, e.g. "tabby" for "n02123045 tabby, tabby cat". */
  readonly label: string;
}

export type ParsedLabels = { ok: true; labels: readonly ClassLabel[] } | { ok: false; problem: string };

const LINE = /^(n\d{8}) ([^,]+)/;

export function parseLabels(text: string, expectedCount: number): ParsedLabels {
  const lines = text.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  if (lines.length !== expectedCount) {
    return { ok: false, problem: `has ${lines.length} lines, the model has ${expectedCount} classes` };
  }
  const labels: ClassLabel[] = [];
  for (const [index, line] of lines.entries()) {
    const match = LINE.exec(line);
    if (!match?.[1] || !match[2]) {
      return {
        ok: false,
        problem: `line ${index + 1} is not "wnid label": ${JSON.stringify(line.slice(0, 80))}`,
      };
    }
    labels.push({ wnid: match[1], label: match[2].trim() });
  }
  return { ok: true, labels };
}
