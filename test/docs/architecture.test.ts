// docs/architecture.md names files at every stop of a request's journey: each must exist, so the
// map stays true when code moves. Classifier files are named relative to components/classifier/.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const doc = readFileSync(path.join(repoRoot, 'docs/architecture.md'), 'utf8');
const BASES = ['', 'components/classifier/'];

/** Backticked paths: a folder (`x/`) or a file with an extension, optionally with an anchor. */
const named = [...doc.matchAll(/`([\w.-]+(?:\/[\w.-]+)*(?:\/|\.(?:ts|md|yaml|json)))(#[\w-]+)?`/g)].map(
  (match) => match[1] ?? '',
);

describe('docs/architecture.md', () => {
  it('names files and folders', () => {
    expect(named.length).toBeGreaterThan(40);
  });

  it.each([...new Set(named)])('%s exists', (name) => {
    expect(BASES.some((base) => existsSync(path.join(repoRoot, base, name)))).toBe(true);
  });
});
