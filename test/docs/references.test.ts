// Every document a comment or a doc cites must be in the clone: a newcomer follows
// `docs/ipc-protocol.md#handshake` and finds that section. References to another repository's
// files (named with their owner/repository on the same line) are not ours to check.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const TEXT_FILE = /\.(ts|md|ya?ml|sh|json)$/;
const SKIPPED = /(^|\/)package-lock\.json$|^test\/fixtures\/|^test\/docs\/references\.test\.ts$/;

/** Citations of documents that live outside the repository (the team's old notes). */
const FOREIGN_DOCUMENT =
  /\.\.\/shared\b|greengrass-reference|greengrass-ipc-protocol|nucleus-lite-compat|style practice \d|style-by-example|gotchas\.md|real-tools\.md|\bissue \d+\b|\bprotocol \d+(\.\d+)*\b/i;
const MARKDOWN_REFERENCE = /(?<![\w/.@'-])((?:[\w.-]+\/)*[\w.-]+\.md)(#[\w-]+)?/g;
const OTHER_REPOSITORY =
  /\b(aws|awslabs|aws-greengrass|awsdocs|smithy-lang|lovell|microsoft|nodejs)\/[\w.-]+/;

const trackedFiles = execFileSync('git', ['ls-files'], { cwd: repoRoot, encoding: 'utf8' })
  .split('\n')
  .filter((file) => TEXT_FILE.test(file) && !SKIPPED.test(file) && existsSync(path.join(repoRoot, file)));
const markdownFiles = trackedFiles.filter((file) => file.endsWith('.md'));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(markdownFile: string): Set<string> {
  const text = readFileSync(path.join(repoRoot, markdownFile), 'utf8');
  const headings = text.split('\n').filter((line) => /^#{1,6} /.test(line));
  return new Set(headings.map((line) => headingSlug(line.replace(/^#+ /, ''))));
}

/** The repository file a reference names, or undefined when there is none. */
function resolveReference(fromFile: string, reference: string): string | undefined {
  const candidates = reference.includes('/')
    ? [reference, path.join(path.dirname(fromFile), reference)]
    : [path.join(path.dirname(fromFile), reference), reference];
  const direct = candidates.map((c) => path.normalize(c)).find((c) => markdownFiles.includes(c));
  if (direct || reference.includes('/')) return direct;
  const sameName = markdownFiles.filter((file) => path.basename(file) === reference);
  return sameName.length === 1 ? sameName[0] : undefined;
}

interface Problem {
  readonly where: string;
  readonly problem: string;
}

function referenceProblems(): Problem[] {
  const problems: Problem[] = [];
  for (const file of trackedFiles) {
    const lines = readFileSync(path.join(repoRoot, file), 'utf8').split('\n');
    lines.forEach((line, index) => {
      const where = `${file}:${index + 1}`;
      const foreign = FOREIGN_DOCUMENT.exec(line);
      if (foreign) problems.push({ where, problem: `cites "${foreign[0]}", which a clone lacks` });
      if (OTHER_REPOSITORY.test(line)) return;
      for (const match of line.matchAll(MARKDOWN_REFERENCE)) {
        const [, reference = '', anchor] = match;
        if (/^https?:|\/\//.test(line.slice(Math.max(0, (match.index ?? 0) - 60), match.index))) continue;
        const target = resolveReference(file, reference);
        if (!target) {
          problems.push({ where, problem: `names ${reference}, which is not in the repository` });
        } else if (anchor && !anchorsOf(target).has(anchor.slice(1))) {
          problems.push({ where, problem: `names ${target}${anchor}, a section ${target} does not have` });
        }
      }
    });
  }
  return problems;
}

describe('references to documents', () => {
  it('every cited document and section exists in the repository', () => {
    expect(referenceProblems().map((p) => `${p.where}: ${p.problem}`)).toEqual([]);
  });

  it('finds the problems it is meant to find', () => {
    expect(headingSlug("Our server's own limits")).toBe('our-servers-own-limits');
    expect(headingSlug('Local publish/subscribe')).toBe('local-publishsubscribe');
    expect(resolveReference('components/x.ts', 'docs/ipc-protocol.md')).toBe('docs/ipc-protocol.md');
    expect(resolveReference('components/x.ts', 'docs/no-such-notes.md')).toBeUndefined();
    expect(anchorsOf('docs/ipc-protocol.md').has('handshake')).toBe(true);
    expect(anchorsOf('docs/ipc-protocol.md').has('no-such-section')).toBe(false);
    expect(FOREIGN_DOCUMENT.test('see greengrass-reference 3.5')).toBe(true);
    expect(FOREIGN_DOCUMENT.test('(protocol 10)')).toBe(true);
  });
});
