// Parses a model's labels file, in class-index order, in one of the card's label formats:
//   lines       one label per line ("pelican")
//   json-array  a JSON array of strings (["pelican", ...])
//   wnid-lines  ImageNet's synset.txt: "n02051845 pelican" or "wnid synonym, synonym, ..."; the
//               label is the first synonym
// Labels can repeat (ImageNet's 134 and 517 are both "crane"), so classes are identified by
// index.
import type { LabelFormat } from './model-card.ts';

export interface ClassLabel {
  readonly label: string;
  /** The ImageNet WordNet id, for `wnid-lines`. */
  readonly wnid?: string;
}

export type ParsedLabels = { ok: true; labels: readonly ClassLabel[] } | { ok: false; problem: string };

const WNID_LINE = /^(n\d{8}) ([^,]+)/;

export function parseLabels(text: string, format: LabelFormat, expectedCount: number): ParsedLabels {
  const parsed = format === 'json-array' ? parseJsonArray(text) : parseLines(text, format);
  if (!parsed.ok) return parsed;
  const count = parsed.labels.length;
  if (count !== expectedCount) {
    const unit = format === 'json-array' ? 'labels' : 'lines';
    return {
      ok: false,
      problem: `has ${count} ${unit}, the model has ${expectedCount} classes (output.classes)`,
    };
  }
  return parsed;
}

/** Which format `text` is in, for a card written from a labels file (`npm run model -- init`). */
export function detectLabelFormat(text: string): LabelFormat {
  if (text.trimStart().startsWith('[')) return 'json-array';
  const lines = splitLines(text);
  return lines.length > 0 && lines.every((line) => WNID_LINE.test(line)) ? 'wnid-lines' : 'lines';
}

function splitLines(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function parseLines(text: string, format: 'lines' | 'wnid-lines'): ParsedLabels {
  const labels: ClassLabel[] = [];
  for (const [index, line] of splitLines(text).entries()) {
    if (format === 'lines') {
      const label = line.trim();
      if (label === '') return { ok: false, problem: `line ${index + 1} is empty (format "lines")` };
      labels.push({ label });
      continue;
    }
    const match = WNID_LINE.exec(line);
    if (!match?.[1] || !match[2]) {
      return {
        ok: false,
        problem: `line ${index + 1} is not "wnid label" (format "wnid-lines"): ${JSON.stringify(line.slice(0, 80))}`,
      };
    }
    labels.push({ wnid: match[1], label: match[2].trim() });
  }
  return { ok: true, labels };
}

function parseJsonArray(text: string): ParsedLabels {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `is not JSON (format "json-array"): ${(error as Error).message}` };
  }
  if (!Array.isArray(json)) return { ok: false, problem: 'is not a JSON array (format "json-array")' };
  const labels: ClassLabel[] = [];
  for (const [index, entry] of json.entries()) {
    if (typeof entry !== 'string' || entry.trim() === '')
      return { ok: false, problem: `entry ${index} is not a non-empty string (format "json-array")` };
    labels.push({ label: entry.trim() });
  }
  return { ok: true, labels };
}
