import { describe, expect, it } from 'vitest';
import { type ComponentCatalog, resolveVersions } from '../../emulator/deployment/resolve-versions.ts';
import type { ComponentDependency } from '../../emulator/recipes/recipe-types.ts';

type Store = Record<string, Record<string, Record<string, string>>>; // name -> version -> dep -> range

function catalog(store: Store): ComponentCatalog {
  return {
    versions: (name) => Object.keys(store[name] ?? {}),
    dependencies: (name, version) =>
      Object.fromEntries(
        Object.entries(store[name]?.[version] ?? {}).map(([dep, range]): [string, ComponentDependency] => [
          dep,
          { versionRequirement: range, dependencyType: 'HARD' },
        ]),
      ),
  };
}

function resolve(store: Store, roots: Record<string, string>, preferred: Record<string, string> = {}) {
  return resolveVersions({
    roots: new Map(Object.entries(roots)),
    catalog: catalog(store),
    preferred: new Map(Object.entries(preferred)),
  });
}

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('resolveVersions', () => {
  const store: Store = {
    app: { '1.0.0': { lib: '^1.0.0', nucleus: '>=2.0.0 <3.0.0' }, '2.0.0': { lib: '^2.0.0' } },
    lib: { '1.0.0': {}, '1.2.0': {}, '2.1.0': { util: '~0.1.0' } },
    util: { '0.1.5': {}, '0.2.0': {} },
    nucleus: { '2.16.0': {} },
  };

  it('pins roots and picks the highest satisfying dependency versions, dependencies first', () => {
    const result = resolve(store, { app: '1.0.0' });
    expect(Object.fromEntries(result.versions)).toEqual({ app: '1.0.0', lib: '1.2.0', nucleus: '2.16.0' });
    expect(result.order).toEqual(['lib', 'nucleus', 'app']);
  });

  it('follows transitive dependencies', () => {
    expect(Object.fromEntries(resolve(store, { app: '2.0.0' }).versions)).toEqual({
      app: '2.0.0',
      lib: '2.1.0',
      util: '0.1.5',
    });
  });

  it('prefers the version already running when it still satisfies', () => {
    expect(resolve(store, { app: '1.0.0' }, { lib: '1.0.0' }).versions.get('lib')).toBe('1.0.0');
    expect(resolve(store, { app: '1.0.0' }, { lib: '2.1.0' }).versions.get('lib')).toBe('1.2.0');
  });

  it('re-chooses when a later requirement rules out an earlier choice', () => {
    const s: Store = {
      a: { '1.0.0': { b: '*', c: '*' } },
      b: { '1.0.0': {}, '2.0.0': {} },
      c: { '1.0.0': { b: '<2.0.0' } },
    };
    expect(Object.fromEntries(resolve(s, { a: '1.0.0' }).versions)).toEqual({
      a: '1.0.0',
      b: '1.0.0',
      c: '1.0.0',
    });
  });

  it.each<[string, Store, Record<string, string>, string]>([
    ['a root version that is not stored', store, { app: '9.9.9' }, 'COMPONENT_NOT_FOUND'],
    [
      'a dependency without any recipe',
      { a: { '1.0.0': { ghost: '*' } } },
      { a: '1.0.0' },
      'COMPONENT_NOT_FOUND',
    ],
    [
      'requirements no stored version meets',
      { a: { '1.0.0': { b: '>=3.0.0' } }, b: { '1.0.0': {} } },
      { a: '1.0.0' },
      'DEPENDENCY_CONFLICT',
    ],
    [
      'two roots wanting different versions',
      { a: { '1.0.0': { c: '^1.0.0' } }, b: { '1.0.0': { c: '^2.0.0' } }, c: { '1.0.0': {}, '2.0.0': {} } },
      { a: '1.0.0', b: '1.0.0' },
      'DEPENDENCY_CONFLICT',
    ],
    [
      'a requirement against a pinned root',
      { a: { '1.0.0': { b: '^2.0.0' } }, b: { '1.0.0': {}, '2.0.0': {} } },
      { a: '1.0.0', b: '1.0.0' },
      'DEPENDENCY_CONFLICT',
    ],
    [
      'a cycle',
      { a: { '1.0.0': { b: '*' } }, b: { '1.0.0': { a: '*' } } },
      { a: '1.0.0' },
      'DEPENDENCY_CYCLE',
    ],
  ])('fails on %s', (_, s, roots, code) => {
    expect(codeOf(() => resolve(s, roots))).toBe(code);
  });

  it('names the requirements and the stored versions in a conflict', () => {
    const s: Store = {
      a: { '1.0.0': { c: '^1.0.0' } },
      b: { '1.0.0': { c: '^2.0.0' } },
      c: { '1.0.0': {}, '2.0.0': {} },
    };
    expect(() => resolve(s, { a: '1.0.0', b: '1.0.0' })).toThrow(
      'no version of c satisfies ^1.0.0 (required by a 1.0.0) and ^2.0.0 (required by b 1.0.0); stored versions: 1.0.0, 2.0.0',
    );
  });
});
