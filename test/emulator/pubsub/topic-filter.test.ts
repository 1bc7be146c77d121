import { expect, test } from 'vitest';
import {
  defaultReceiveMode,
  matchesTopicFilter,
  parseTopicFilter,
  publishTopicHasWildcard,
  splitTopicLevels,
} from '../../../emulator/pubsub/topic-filter.ts';

// [filter, topic, matches] (docs/ipc-protocol.md#local-publishsubscribe)
const CASES: ReadonlyArray<readonly [string, string, boolean]> = [
  ['local/result', 'local/result', true],
  ['local/result', 'local/results', false],
  ['local/+', 'local/result', true],
  ['local/+', 'local/a/b', false],
  ['local/+', 'local', false],
  ['local/+/x', 'local/a/x', true],
  ['+/+', 'a/b', true],
  ['local/#', 'local/a', true],
  ['local/#', 'local/a/b/c', true],
  ['local/#', 'local', false], // unlike MQTT
  ['#', 'anything/at/all', true],
  ['#', 'x', true],
  ['local/a+b', 'local/a+b', true], // + inside a level is literal
  ['local/a+b', 'local/axb', false],
  ['local/#/x', 'local/#/x', true], // # before the last level is literal
  ['local/#/x', 'local/a/x', false],
  ['local/b/', 'local/b', true], // trailing / is dropped (Java split)
  ['local/+', 'local/b/', true],
];

test.each(CASES)('filter %s on topic %s matches: %s', (filter, topic, expected) => {
  expect(matchesTopicFilter(parseTopicFilter(filter), splitTopicLevels(topic))).toBe(expected);
});

test('receiveMode defaults to others-only exactly for wildcard filters', () => {
  expect(defaultReceiveMode(parseTopicFilter('local/+'))).toBe('RECEIVE_MESSAGES_FROM_OTHERS');
  expect(defaultReceiveMode(parseTopicFilter('local/#'))).toBe('RECEIVE_MESSAGES_FROM_OTHERS');
  expect(defaultReceiveMode(parseTopicFilter('local/a+b'))).toBe('RECEIVE_ALL_MESSAGES');
  expect(defaultReceiveMode(parseTopicFilter('local/#/x'))).toBe('RECEIVE_ALL_MESSAGES');
  expect(defaultReceiveMode(parseTopicFilter('local/result'))).toBe('RECEIVE_ALL_MESSAGES');
});

test('publish topics may not contain + # or * anywhere', () => {
  expect(['local/+', 'local/#', 'a*b', 'x+y'].map(publishTopicHasWildcard)).toEqual([true, true, true, true]);
  expect(publishTopicHasWildcard('local/result')).toBe(false);
});
