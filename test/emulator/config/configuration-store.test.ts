import { expect, test } from 'vitest';
import { type ConfigChange, ConfigurationStore } from '../../../emulator/config/configuration-store.ts';

function recordChanges(store: ConfigurationStore): string[] {
  const changes: string[] = [];
  store.onChange((change: ConfigChange) => changes.push(`${change.component}:${change.keyPath.join('/')}`));
  return changes;
}

test('get answers containers as objects and leaves with their key', () => {
  const store = new ConfigurationStore();
  store.replace('A', { TopK: 5, thresholds: { min: 0.2 } });
  expect(store.get('A')).toEqual({ kind: 'container', value: { TopK: 5, thresholds: { min: 0.2 } } });
  expect(store.get('A', ['TopK'])).toEqual({ kind: 'leaf', key: 'TopK', value: 5 });
  expect(store.get('A', ['TopK', 'deeper'])).toBeUndefined();
  expect(store.get('B')).toBeUndefined();
});

test('merge, replace and remove notify each changed path', () => {
  const store = new ConfigurationStore();
  const changes = recordChanges(store);
  store.replace('A', { a: 1, b: { c: 2 } }, 100);
  store.merge('A', ['b'], { c: 3, d: 4 }, 200);
  store.replace('A', { a: 1, b: { c: 3 } }, 300);
  store.remove('A');
  expect(changes).toEqual(['A:a', 'A:b/c', 'A:b/c', 'A:b/d', 'A:b/d', 'A:a', 'A:b']);
  expect(store.has('A')).toBe(false);
});

test('merge reports whether the node existed and its modification time', () => {
  const store = new ConfigurationStore();
  store.replace('A', { t: { min: 1 } }, 1000);
  expect(store.merge('A', ['t'], { min: 2 }, 500)).toMatchObject({
    existed: true,
    modifiedMs: 1000,
    changedPaths: [],
  });
  expect(store.merge('A', ['new'], { x: 1 }, 500)).toMatchObject({ existed: false });
});

test('a listener that throws does not stop the others', () => {
  const errors: unknown[] = [];
  const store = new ConfigurationStore((error) => errors.push(error));
  store.onChange(() => {
    throw new Error('boom');
  });
  const changes = recordChanges(store);
  store.replace('A', { a: 1 });
  expect(changes).toEqual(['A:a']);
  expect(errors).toHaveLength(1);
});
