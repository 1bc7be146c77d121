import { describe, expect, it } from 'vitest';
import { parseLifecycle } from '../../emulator/recipes/lifecycle-definition.ts';

describe('parseLifecycle', () => {
  it('reads string and object steps, case-insensitively, keeping the recipe spelling for scriptName', () => {
    const { lifecycle, issues } = parseLifecycle({
      setEnv: { A: 'lifecycle', N: 1 },
      install: { script: 'npm ci', requiresPrivilege: 'true', Timeout: '30', Skipif: '!exists /tmp/x' },
      Run: 'node app.js',
      Shutdown: { Script: 'stop', setenv: { A: 'step' } },
      errorResetTime: 120,
    });
    expect(issues).toEqual([]);
    expect(lifecycle.setenv).toEqual({ A: 'lifecycle', N: '1' });
    expect(lifecycle.errorResetTimeSec).toBe(120);
    expect(lifecycle.steps.install).toEqual({
      name: 'install',
      scriptPath: 'install.script',
      script: 'npm ci',
      requiresPrivilege: true,
      timeoutSec: 30,
      skipIf: { negate: true, check: 'exists', target: '/tmp/x' },
      setenv: {},
    });
    expect(lifecycle.steps.run).toEqual({
      name: 'run',
      scriptPath: 'Run',
      script: 'node app.js',
      requiresPrivilege: false,
      setenv: {},
    });
    expect(lifecycle.steps.shutdown?.setenv).toEqual({ A: 'step' });
  });

  it('treats an empty step as absent', () => {
    expect(parseLifecycle({ Run: null, Install: '' }).lifecycle.steps).toEqual({});
  });

  it.each([
    [{ Run: 5 }, 'Lifecycle.Run: expected string or object'],
    [{ Run: { Script: 5 } }, 'Lifecycle.Run.Script: expected string'],
    [{ Run: { Script: 'x', Timeout: -1 } }, 'Lifecycle.Run.Timeout: expected a positive number of seconds'],
    [
      { Run: { Script: 'x', RequiresPrivilege: 'maybe' } },
      'Lifecycle.Run.RequiresPrivilege: expected true or false',
    ],
    [{ Setenv: { A: { b: 1 } } }, 'Lifecycle.Setenv.A: expected string, number or boolean'],
    [{ Setenv: 'A=1' }, 'Lifecycle.Setenv: expected an object of environment variables'],
  ])('rejects %j', (raw, expected) => {
    const { issues } = parseLifecycle(raw);
    expect(issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toContain(expected);
  });
});
