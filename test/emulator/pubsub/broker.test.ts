import { expect, test } from 'vitest';
import { Broker } from '../../../emulator/pubsub/broker.ts';
import { parseTopicFilter, type ReceiveMode } from '../../../emulator/pubsub/topic-filter.ts';

function subscriber(
  broker: Broker,
  principal: string,
  filter: string,
  receiveMode: ReceiveMode = 'RECEIVE_ALL_MESSAGES',
) {
  const received: string[] = [];
  const unsubscribe = broker.subscribe({
    principal,
    filter: parseTopicFilter(filter),
    receiveMode,
    deliver: (body) => received.push(Buffer.concat([body].flat()).toString()),
  });
  return { received, unsubscribe };
}

test('every matching subscription gets the same bytes, in publish order', () => {
  const broker = new Broker();
  const exact = subscriber(broker, 'B', 'local/x');
  const twin = subscriber(broker, 'B', 'local/x');
  const wild = subscriber(broker, 'C', 'local/#');
  const other = subscriber(broker, 'D', 'other/x');
  for (const n of [1, 2, 3]) expect(broker.publish('A', 'local/x', Buffer.from(`m${n}`))).toBe(3);
  expect(exact.received).toEqual(['m1', 'm2', 'm3']);
  expect(twin.received).toEqual(['m1', 'm2', 'm3']);
  expect(wild.received).toEqual(['m1', 'm2', 'm3']);
  expect(other.received).toEqual([]);
});

test('RECEIVE_MESSAGES_FROM_OTHERS skips the same principal only', () => {
  const broker = new Broker();
  const self = subscriber(broker, 'A', 'local/x', 'RECEIVE_MESSAGES_FROM_OTHERS');
  const selfWild = subscriber(broker, 'A', 'local/+', 'RECEIVE_MESSAGES_FROM_OTHERS');
  broker.publish('A', 'local/x', Buffer.from('own'));
  broker.publish('B', 'local/x', Buffer.from('theirs'));
  expect(self.received).toEqual(['theirs']);
  expect(selfWild.received).toEqual(['theirs']);
});

test('unsubscribe removes exactly one registration, is idempotent, and keeps the count right', () => {
  const broker = new Broker();
  const first = subscriber(broker, 'A', 'local/x');
  const second = subscriber(broker, 'A', 'local/x');
  const wild = subscriber(broker, 'A', '#');
  expect(broker.subscriptionCount).toBe(3);
  first.unsubscribe();
  first.unsubscribe();
  wild.unsubscribe();
  expect(broker.subscriptionCount).toBe(1);
  broker.publish('B', 'local/x', Buffer.from('after'));
  expect(first.received).toEqual([]);
  expect(second.received).toEqual(['after']);
});

test('a subscription removed during a fan-out (a dropped slow consumer) does not break it', () => {
  const broker = new Broker();
  const received: string[] = [];
  let unsubscribeLater = () => {};
  broker.subscribe({
    principal: 'A',
    filter: parseTopicFilter('t'),
    receiveMode: 'RECEIVE_ALL_MESSAGES',
    deliver: () => unsubscribeLater(),
  });
  unsubscribeLater = broker.subscribe({
    principal: 'B',
    filter: parseTopicFilter('t'),
    receiveMode: 'RECEIVE_ALL_MESSAGES',
    deliver: (body) => received.push(Buffer.concat([body].flat()).toString()),
  });
  expect(broker.publish('C', 't', Buffer.from('x'))).toBe(1);
  expect(received).toEqual([]);
  expect(broker.subscriptionCount).toBe(1);
});
