// biome-ignore-all lint/suspicious/noTemplateCurlyInString: \${*} is Greengrass policy escape syntax
import { expect, test } from 'vitest';
import { matchesResourcePattern, parseResourcePattern } from '../../../emulator/auth/resource-glob.ts';

// [policy resource, requested resource, allowed] (docs/ipc-protocol.md#pubsub-authorization)
const CASES: ReadonlyArray<readonly [string, string, boolean]> = [
  ['local/result', 'local/result', true],
  ['local/result', 'local/result2', false],
  ['*', 'anything/at/all', true],
  ['*', '', true],
  ['local/*', 'local/a/b', true],
  ['local/*', 'local/', true],
  ['local/*', 'local', false],
  ['*/result', 'local/result', true],
  ['local/*/x', 'local/a/b/x', true],
  ['local/*/x', 'local/a/b/y', false],
  ['a*b*c', 'abc', true],
  ['a*b*c', 'aXbYc', true],
  ['a*b*c', 'acb', false],
  ['a*a', 'a', false],
  ['a*a', 'aa', true],
  ['local/+', 'local/+', true], // + is literal in policies
  ['local/+', 'local/x', false],
  ['local/+', 'local/#', false],
  ['local/#', 'local/x', false],
  ['literal/${*}', 'literal/*', true],
  ['literal/${*}', 'literal/x', false],
  ['price${$}', 'price$', true],
  ['what${?}', 'what?', true],
  ['cost$5', 'cost$5', true],
];

test.each(CASES)('policy %s on resource %s allows: %s', (source, resource, expected) => {
  const parsed = parseResourcePattern(source);
  if (!parsed.ok) throw new Error(parsed.problem);
  expect(matchesResourcePattern(parsed.pattern, resource)).toBe(expected);
});

test('a bare ? is invalid and the problem says how to write it', () => {
  const parsed = parseResourcePattern('local/?');
  expect(parsed.ok).toBe(false);
  if (!parsed.ok) expect(parsed.problem).toContain('${?}');
});

test('many stars stay linear (no catastrophic backtracking)', () => {
  const parsed = parseResourcePattern(`${'a*'.repeat(200)}b`);
  if (!parsed.ok) throw new Error(parsed.problem);
  expect(matchesResourcePattern(parsed.pattern, 'a'.repeat(100_000))).toBe(false);
});
