import { describe, expect, it } from 'vitest';
import { MAX_INTERVAL_MS, MIN_INTERVAL_MS } from '../../components/requester/config.ts';
import { describeOutput, parseComponentOutput } from '../../scripts/start/component-log-line.ts';
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

  it('takes --live-view-port from 0 (any free port) to 65535', () => {
    expect(parse('--live-view-port', '0')).toMatchObject({ ok: true, options: { liveViewPort: 0 } });
    expect(parse('--live-view-port', '8080')).toMatchObject({ ok: true, options: { liveViewPort: 8080 } });
    expect(parse()).toMatchObject({ ok: true, options: { count: 0 } });
    expect(parse()).not.toHaveProperty('options.liveViewPort');
    for (const bad of ['65536', '1.5', 'http']) {
      expect(parse('--live-view-port', bad)).toMatchObject({
        ok: false,
        problem: `--live-view-port must be a port number from 0 to 65535, got '${bad}'`,
      });
    }
  });

  it.each([String(MIN_INTERVAL_MS), String(MAX_INTERVAL_MS)])('accepts --interval %s', (value) => {
    expect(parse('--interval', value)).toMatchObject({ ok: true, options: { intervalMs: Number(value) } });
  });
});

describe('npm start result lines', () => {
  it('name the label, the file, the probability and the latency', () => {
    const line = (json: object) =>
      `2026-12-05T21:00:00.000Z [INFO] (Copier) com.custom.requester: stdout. ${JSON.stringify(json)}. {scriptName=services.com.custom.requester.lifecycle.run, serviceName=com.custom.requester, currentState=RUNNING}`;
    const result = parseComponentOutput(
      line({
        level: 'info',
        msg: 'result: pelican',
        id: 'r1',
        fname: 'pelican.jpeg',
        latencyMs: 13.6,
        probability: 0.99672,
      }),
    );
    expect(result && describeOutput(result)).toBe('result: pelican  pelican.jpeg 99.7% 14 ms');
    const other = parseComponentOutput(line({ level: 'info', msg: 'requester started' }));
    expect(other && describeOutput(other)).toBe('requester started');
  });
});
