import { describe, expect, it } from 'vitest';
import { parseBenchOptions } from '../../scripts/bench/options.ts';

const parse = (...argv: string[]) => {
  const parsed = parseBenchOptions(argv);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.options;
};

describe('npm run bench options', () => {
  it('defaults to the full run with 10,000 requests of memory soak', () => {
    expect(parse()).toMatchObject({ quick: false, soakRequests: 10_000, repetitions: 5, form: 'path' });
  });

  it('--quick shortens every phase; explicit options still win', () => {
    const quick = parse('--quick', '--duration', '2.5', '--concurrency', '8');
    expect(quick).toMatchObject({ quick: true, durationMs: 2500, concurrency: 8, repetitions: 3 });
    expect(quick.soakRequests).toBeLessThan(10_000);
  });

  it('merges --config JSON for the classifier', () => {
    expect(parse('--config', '{"MaxQueue": 8}').classifierConfig).toEqual({ MaxQueue: 8 });
  });

  it.each([
    [['--concurrency', '0'], /concurrency/],
    [['--duration', 'x'], /duration/],
    [['--form', 'carrier-pigeon'], /form/],
    [['--config', '[1]'], /JSON object/],
    [['--config', '{'], /not JSON/],
    [['--what'], /what/],
  ])('refuses %j', (argv, problem) => {
    const parsed = parseBenchOptions(argv);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(problem);
  });
});
