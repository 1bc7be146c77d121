import { describe, expect, it } from 'vitest';
import { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../../components/requester/config.ts';
import { parseStartOptions } from '../../scripts/start/options.ts';

const parse = (...args: string[]) => parseStartOptions(args, {}, '/work');

describe('npm start options', () => {
  it('takes --count, --interval, --root and --nucleus', () => {
    expect(parse('--count', '3', '--interval', '250', '--root', 'core')).toEqual({
      ok: true,
      options: { count: 3, intervalMs: 250, root: '/work/core', nucleus: 'classic' },
    });
    expect(parse('--nucleus', 'lite')).toMatchObject({ ok: true, options: { nucleus: 'lite' } });
    expect(parse('--nucleus', 'java')).toMatchObject({
      ok: false,
      problem: "--nucleus must be classic or lite, got 'java'",
    });
  });

  it.each([String(MIN_INTERVAL_MS - 1), String(MAX_INTERVAL_MS + 1), '1.5', 'soon'])(
    'refuses --interval %s, which the requester would refuse at its first configuration read',
    (value) => {
      const parsed = parse('--interval', value);
      expect(parsed).toMatchObject({ ok: false, help: false });
      expect(!parsed.ok && parsed.problem).toContain(`from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS}`);
    },
  );

  it.each([String(MIN_INTERVAL_MS), String(MAX_INTERVAL_MS)])('accepts --interval %s', (value) => {
    expect(parse('--interval', value)).toMatchObject({ ok: true, options: { intervalMs: Number(value) } });
  });
});
