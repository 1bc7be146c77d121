// Error codes, checked both ways: every code a catalogue has is documented with its meaning, every
// documented code exists, and every code the source raises or logs is in a catalogue.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPLY_ERROR_CODES } from '../../components/contract/index.ts';
import { ERROR_CATALOGUES } from '../../scripts/docs/error-catalogues.ts';
import { ERROR_CODES_DOC } from '../../scripts/docs/error-codes.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** `## heading` -> [code, meaning] rows of the table under it. */
function documentedTables(markdown: string): Map<string, Array<[string, string]>> {
  const tables = new Map<string, Array<[string, string]>>();
  let current: Array<[string, string]> | undefined;
  for (const line of markdown.split('\n')) {
    const heading = /^## (.+)$/.exec(line);
    if (heading?.[1]) {
      current = [];
      tables.set(heading[1].trim(), current);
      continue;
    }
    const row = /^\| `([A-Za-z_]+)`\s*\|\s*(.*?)\s*\|$/.exec(line);
    if (row?.[1] && current) current.push([row[1], (row[2] ?? '').replaceAll('\\|', '|')]);
  }
  return tables;
}

const section = (markdown: string, title: string): string => {
  const start = markdown.indexOf(`## ${title}`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end === -1 ? undefined : end);
};

describe('docs/error-codes.md', () => {
  const tables = documentedTables(readFileSync(ERROR_CODES_DOC, 'utf8'));

  it('documents every catalogue, code for code and meaning for meaning, and nothing else', () => {
    expect([...tables.keys()]).toEqual(ERROR_CATALOGUES.map((area) => area.title));
    for (const area of ERROR_CATALOGUES) {
      expect(tables.get(area.title), area.title).toEqual(Object.entries(area.catalogue));
    }
  });

  it('every code the source raises, logs or closes a connection with is in a catalogue', () => {
    const known = new Set(ERROR_CATALOGUES.flatMap((area) => Object.keys(area.catalogue)));
    const files = execFileSync('git', ['ls-files', 'common', 'components', 'emulator', 'scripts'], {
      cwd: repoRoot,
      encoding: 'utf8',
    })
      .split('\n')
      .filter((file) => file.endsWith('.ts'));
    const RAISED = [
      /new \w*Error\(\s*'([A-Z][A-Z_]+)'/g,
      /\bcode: '([A-Z][A-Z_]+)'/g,
      /\.close\(\s*'([A-Z][A-Z_]+)'/g,
      /\breason: '([A-Z][A-Z_]+)'/g,
    ];
    const unknown: string[] = [];
    for (const file of files) {
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      for (const pattern of RAISED)
        for (const match of text.matchAll(pattern))
          if (!known.has(match[1] ?? '')) unknown.push(`${file}: ${match[1]}`);
    }
    expect(unknown).toEqual([]);
  });
});

describe("the README's reply error codes", () => {
  it('are the contract catalogue, both ways, with the same meanings', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const rows = documentedTables(section(readme, 'Reply error codes')).get('Reply error codes');
    expect(rows).toEqual(Object.entries(REPLY_ERROR_CODES));
  });
});
