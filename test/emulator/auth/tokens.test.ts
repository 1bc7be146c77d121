import { expect, test } from 'vitest';
import { TokenRegistry } from '../../../emulator/auth/tokens.ts';

test('one random token per component, stable until revoked', () => {
  const tokens = new TokenRegistry();
  const a = tokens.issue('A');
  expect(a).toMatch(/^[0-9A-F]{32}$/);
  expect(tokens.issue('A')).toBe(a);
  expect(tokens.issue('B')).not.toBe(a);
  expect(tokens.lookup(a)).toBe('A');
  expect(tokens.tokenOf('A')).toBe(a);
});

test('revoke invalidates the token and tells the listeners', () => {
  const tokens = new TokenRegistry();
  const revoked: string[] = [];
  tokens.onRevoked((name) => revoked.push(name));
  const a = tokens.issue('A');
  expect(tokens.revoke('A')).toBe(true);
  expect(tokens.revoke('A')).toBe(false);
  expect(tokens.lookup(a)).toBeUndefined();
  expect(revoked).toEqual(['A']);
  expect(tokens.issue('A')).not.toBe(a);
});
