import { describe, expect, it } from 'vitest';
import type { ComponentState } from '../../emulator/lifecycle/component-state.ts';
import {
  afterStopping,
  type Intent,
  nextAction,
  specChange,
} from '../../emulator/lifecycle/lifecycle-intent.ts';
import { parseLifecycle } from '../../emulator/recipes/lifecycle-definition.ts';

const run: Intent = { goal: 'RUNNING', redo: 'none' };
const stop: Intent = { goal: 'FINISHED', redo: 'none' };
const restart: Intent = { goal: 'RUNNING', redo: 'restart' };
const reinstall: Intent = { goal: 'RUNNING', redo: 'reinstall' };
const ready = { installing: false, dependenciesReady: () => true };
const waiting = { installing: false, dependenciesReady: () => false };

describe('nextAction', () => {
  it.each<[ComponentState, Intent, typeof ready, string | undefined]>([
    ['NEW', run, ready, 'install'],
    ['NEW', run, { ...ready, installing: true }, undefined],
    ['NEW', stop, ready, 'finish'],
    ['INSTALLED', run, ready, 'start'],
    ['INSTALLED', run, waiting, undefined],
    ['INSTALLED', stop, ready, 'finish'],
    ['INSTALLED', reinstall, ready, 'reinstall'],
    ['RUNNING', run, ready, undefined],
    ['RUNNING', stop, ready, 'stop'],
    ['RUNNING', restart, ready, 'stop'],
    ['STARTING', reinstall, ready, 'stop'],
    ['FINISHED', stop, ready, undefined],
    ['FINISHED', run, ready, 'restart'],
    ['FINISHED', reinstall, ready, 'reinstall'],
    ['BROKEN', run, ready, undefined],
    ['BROKEN', restart, ready, undefined],
    ['BROKEN', reinstall, ready, 'reinstall'],
    ['STOPPING', stop, ready, undefined],
    ['ERRORED', run, ready, undefined],
  ])('%s with %j -> %s', (state, intent, facts, expected) => {
    expect(nextAction(state, intent, facts)).toBe(expected);
  });
});

describe('afterStopping', () => {
  it.each<[Intent, string]>([
    [stop, 'stopped'],
    [run, 'stopped-for-restart'],
    [restart, 'stopped-for-restart'],
    [reinstall, 'stopped-for-reinstall'],
  ])('%j -> %s', (intent, event) => {
    expect(afterStopping(intent)).toBe(event);
  });
});

describe('specChange (docs/greengrass-behaviour.md#lifecycle)', () => {
  const spec = (version: string, lifecycle: unknown, dependencies: unknown[] = []) => ({
    version,
    lifecycle: parseLifecycle(lifecycle).lifecycle,
    dependencies,
  });
  const base = spec('1.0.0', { Install: 'npm ci', Run: 'node a.js', Setenv: { A: '1' } });

  it.each([
    [
      'nothing changed',
      spec('1.0.0', { Install: 'npm ci', Run: 'node a.js', Setenv: { A: '1' } }),
      'RUNNING',
      'none',
    ],
    [
      'a new version',
      spec('1.0.1', { Install: 'npm ci', Run: 'node a.js', Setenv: { A: '1' } }),
      'RUNNING',
      'reinstall',
    ],
    [
      'a changed Install step',
      spec('1.0.0', { Install: 'npm i', Run: 'node a.js', Setenv: { A: '1' } }),
      'RUNNING',
      'reinstall',
    ],
    [
      'a changed Run step',
      spec('1.0.0', { Install: 'npm ci', Run: 'node b.js', Setenv: { A: '1' } }),
      'RUNNING',
      'restart',
    ],
    [
      'a changed Setenv',
      spec('1.0.0', { Install: 'npm ci', Run: 'node a.js', Setenv: { A: '2' } }),
      'RUNNING',
      'restart',
    ],
    [
      'new dependencies',
      spec('1.0.0', { Install: 'npm ci', Run: 'node a.js', Setenv: { A: '1' } }, [{ name: 'x' }]),
      'RUNNING',
      'restart',
    ],
    [
      'any deployment of a BROKEN component',
      spec('1.0.0', { Install: 'npm ci', Run: 'node a.js', Setenv: { A: '1' } }),
      'BROKEN',
      'reinstall',
    ],
  ] as const)('%s -> %s', (_, after, state, expected) => {
    expect(specChange(base, after, state)).toBe(expected);
  });
});
