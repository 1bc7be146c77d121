import { describe, expect, test } from 'vitest';
import {
  type ConfigContainer,
  configNodeFromJson,
  configNodeToJson,
  diffConfig,
  findConfigNode,
  mergeConfig,
} from '../../../emulator/config/config-tree.ts';
import type { JsonObject } from '../../../emulator/util/json.ts';

const tree = (value: JsonObject, modifiedMs = 100) =>
  configNodeFromJson(value, modifiedMs) as ConfigContainer;

describe('mergeConfig', () => {
  test('objects merge key by key; other values, arrays included, replace', () => {
    const { root, changedPaths } = mergeConfig(
      tree({ a: 1, list: [1, 2], nested: { keep: true, change: 'old' } }),
      [],
      { list: [3], nested: { change: 'new', added: null }, fresh: { deep: 1 } },
      200,
    );
    expect(configNodeToJson(root)).toEqual({
      a: 1,
      list: [3],
      nested: { keep: true, change: 'new', added: null },
      fresh: { deep: 1 },
    });
    expect(changedPaths).toEqual([['list'], ['nested', 'change'], ['nested', 'added'], ['fresh', 'deep']]);
  });

  test('merging at a key path creates missing containers', () => {
    const { root } = mergeConfig(tree({}), ['x', 'y'], { z: 1 }, 200);
    expect(configNodeToJson(root)).toEqual({ x: { y: { z: 1 } } });
  });

  test('an older write does not replace a newer value; an equal value changes nothing', () => {
    const start = tree({ a: 1, b: 2 }, 500);
    const older = mergeConfig(start, [], { a: 9, c: 3 }, 400);
    expect(configNodeToJson(older.root)).toEqual({ a: 1, b: 2, c: 3 });
    expect(older.changedPaths).toEqual([['c']]);
    const same = mergeConfig(start, [], { a: 1 }, 600);
    expect(same.changedPaths).toEqual([]);
    expect(findConfigNode(same.root, ['a'])?.modifiedMs).toBe(600);
  });

  test('a container modification time follows its newest change', () => {
    const { root } = mergeConfig(tree({ t: { min: 1 } }, 100), ['t'], { min: 2 }, 300);
    expect(findConfigNode(root, ['t'])?.modifiedMs).toBe(300);
    expect(root.modifiedMs).toBe(300);
  });

  test('untouched branches keep their identity; touched ones get new nodes', () => {
    const start = tree({ accessControl: { p: 1 }, other: { q: 1 } });
    const { root } = mergeConfig(start, ['other'], { q: 2 }, 200);
    expect(findConfigNode(root, ['accessControl'])).toBe(findConfigNode(start, ['accessControl']));
    expect(findConfigNode(root, ['other'])).not.toBe(findConfigNode(start, ['other']));
    expect(configNodeToJson(start)).toEqual({ accessControl: { p: 1 }, other: { q: 1 } });
  });

  test('a leaf becomes a container and back, reported at its own path', () => {
    const toContainer = mergeConfig(tree({ a: 1 }), [], { a: { b: 2 } }, 200);
    expect(configNodeToJson(toContainer.root)).toEqual({ a: { b: 2 } });
    expect(toContainer.changedPaths).toEqual([['a'], ['a', 'b']]);
    const toLeaf = mergeConfig(toContainer.root, [], { a: 'flat' }, 300);
    expect(configNodeToJson(toLeaf.root)).toEqual({ a: 'flat' });
    expect(toLeaf.changedPaths).toEqual([['a']]);
  });
});

test('diffConfig reports changed and added leaves and removed nodes', () => {
  const before = tree({ same: 1, changed: 1, removed: { x: 1 }, nested: { a: 1 } });
  const after = tree({ same: 1, changed: 2, nested: { a: 1, b: { c: 1 } }, added: [1] });
  expect(diffConfig(before, after)).toEqual([['changed'], ['nested', 'b', 'c'], ['added'], ['removed']]);
  expect(diffConfig(before, before)).toEqual([]);
});
