import { describe, expect, it } from 'vitest';
import { resolveConfiguration } from '../../emulator/recipes/configuration-merge.ts';

describe('resolveConfiguration (docs/greengrass-behaviour.md#deployment-configuration-updates)', () => {
  const defaults = { Topic: 'local/in', Limits: { MaxQueue: 8, Threads: 1 }, Roots: ['/a'] };

  it('uses the defaults on a first install', () => {
    expect(resolveConfiguration(undefined, defaults).configuration).toEqual(defaults);
  });

  it('keeps existing values over new defaults and fills only missing keys', () => {
    const existing = { Topic: 'custom/in', Limits: { MaxQueue: 2 }, Roots: ['/x', '/y'] };
    expect(resolveConfiguration(existing, defaults).configuration).toEqual({
      Topic: 'custom/in',
      Limits: { MaxQueue: 2, Threads: 1 },
      Roots: ['/x', '/y'],
    });
  });

  it('keeps an existing value even when the default has another type', () => {
    expect(resolveConfiguration({ Limits: 'none' }, defaults).configuration.Limits).toBe('none');
  });

  it('RESET removes a path so the default comes back', () => {
    const existing = { Topic: 'custom/in', Limits: { MaxQueue: 2, Threads: 4 } };
    const result = resolveConfiguration(existing, defaults, { reset: ['/Topic', '/Limits/Threads'] });
    expect(result.configuration).toEqual({
      Topic: 'local/in',
      Limits: { MaxQueue: 2, Threads: 1 },
      Roots: ['/a'],
    });
  });

  it('RESET of a path without a default makes it disappear', () => {
    const result = resolveConfiguration({ Extra: 1 }, defaults, { reset: ['/Extra'] });
    expect(result.configuration).not.toHaveProperty('Extra');
  });

  it('RESET "" resets everything', () => {
    const existing = { Topic: 'custom', Extra: true };
    expect(resolveConfiguration(existing, defaults, { reset: [''] }).configuration).toEqual(defaults);
  });

  it('refuses to reset a list element or a non-pointer, and says why', () => {
    const result = resolveConfiguration({ Roots: ['/x'] }, defaults, { reset: ['/Roots/0', 'Topic'] });
    expect(result.configuration.Roots).toEqual(['/x']);
    expect(result.problems).toEqual([
      'RESET path "/Roots/0" points into a list; reset the whole list',
      'RESET path "Topic" is not a JSON pointer (start it with "/")',
    ]);
  });

  it('MERGE goes on top: replaces values, changes types, replaces lists whole, allows null', () => {
    const existing = { Topic: 'custom', Limits: { MaxQueue: 2 }, Roots: ['/x', '/y'] };
    const merge = { Topic: null, Limits: { Threads: 'auto' }, Roots: ['/z'], New: { a: 1 } };
    expect(resolveConfiguration(existing, defaults, { merge }).configuration).toEqual({
      Topic: null,
      Limits: { MaxQueue: 2, Threads: 'auto' },
      Roots: ['/z'],
      New: { a: 1 },
    });
  });

  it('never mutates its inputs', () => {
    const existing = { Limits: { MaxQueue: 2 } };
    const merge = { Limits: { Threads: 3 } };
    resolveConfiguration(existing, defaults, { merge, reset: ['/Limits/MaxQueue'] });
    expect(existing).toEqual({ Limits: { MaxQueue: 2 } });
    expect(defaults.Limits).toEqual({ MaxQueue: 8, Threads: 1 });
  });
});
