import { describe, expect, it } from 'vitest';
import { ClassifierError, toClassifierError } from '../../components/classifier/error-codes.ts';

// The README's table of reply codes is checked both ways in test/docs/error-codes.test.ts.
describe('toClassifierError', () => {
  it('turns unknown failures into INTERNAL and keeps the cause', () => {
    const cause = new Error('boom');
    const error = toClassifierError(cause);
    expect(error).toMatchObject({ code: 'INTERNAL', cause });
    const coded = new ClassifierError('BUSY', 'queue full');
    expect(toClassifierError(coded)).toBe(coded);
  });
});
