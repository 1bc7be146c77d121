import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ClassifierError, ERROR_CODES, toClassifierError } from '../../components/classifier/error-codes.ts';

describe('error code catalogue', () => {
  it('is documented in the README table, exactly', async () => {
    const readme = await readFile(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    const start = readme.indexOf('## Reply error codes');
    const end = readme.indexOf('\n## ', start + 1);
    const section = readme.slice(start, end === -1 ? undefined : end);
    const documented = [...section.matchAll(/^\| `([A-Z_]+)`\s*\|/gm)].map((match) => match[1]);
    expect(documented).toEqual([...ERROR_CODES]);
  });

  it('turns unknown failures into INTERNAL and keeps the cause', () => {
    const cause = new Error('boom');
    const error = toClassifierError(cause);
    expect(error).toMatchObject({ code: 'INTERNAL', cause });
    const coded = new ClassifierError('BUSY', 'queue full');
    expect(toClassifierError(coded)).toBe(coded);
  });
});
