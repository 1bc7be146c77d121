import { describe, expect, it } from 'vitest';
import {
  checkPublishTopic,
  checkTopicFilter,
  filterCovers,
  topicMatches,
} from '../../../emulator/iotcore/mqtt-topics.ts';
import { Spool } from '../../../emulator/iotcore/spool.ts';

describe('MQTT topics (AWS IoT Core)', () => {
  it('matches topics to filters as MQTT 3.1.1 does: # includes the parent level', () => {
    expect(topicMatches('a/#', 'a')).toBe(true);
    expect(topicMatches('a/#', 'a/b/c')).toBe(true);
    expect(topicMatches('a/+', 'a/b')).toBe(true);
    expect(topicMatches('a/+', 'a/b/c')).toBe(false);
    expect(topicMatches('#', 'x/y')).toBe(true);
    expect(topicMatches('a/b', 'a/b/')).toBe(false);
  });

  it('lets a policy filter cover only topics and filters inside it', () => {
    expect(filterCovers('test/topic/#', 'test/topic/#')).toBe(true);
    expect(filterCovers('test/topic/#', 'test/topic/filter')).toBe(true);
    expect(filterCovers('test/topic/#', 'test/#')).toBe(false);
    expect(filterCovers('test/+/x', 'test/a/x')).toBe(true);
    expect(filterCovers('test/+/x', 'test/+/x')).toBe(true);
    expect(filterCovers('test/+/x', 'test/#')).toBe(false);
    expect(filterCovers('test/a', 'test/+')).toBe(false);
  });

  it('refuses invalid names and filters with the reason', () => {
    expect(checkPublishTopic('a/+')).toMatchObject({ ok: false });
    expect(checkTopicFilter('a/#/b')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('last level'),
    });
    expect(checkTopicFilter('a/b+')).toMatchObject({ ok: false });
    expect(checkPublishTopic('1/2/3/4/5/6/7/8/9')).toMatchObject({
      ok: false,
      problem: 'topic has 9 levels, over 8',
    });
    expect(checkTopicFilter('ml/+/image-classification')).toEqual({ ok: true });
  });
});

describe('Spool', () => {
  const message = (n: number, qos: 0 | 1 = 1) => ({ topic: 't', payload: new Uint8Array(n), qos });

  it('keeps QoS 1 messages oldest first, bounded by count and by bytes', () => {
    const spool = new Spool({ maxMessages: 2, maxBytes: 10 });
    expect(spool.push(message(4))).toEqual({ kept: true, dropped: [] });
    expect(spool.push(message(4))).toEqual({ kept: true, dropped: [] });
    expect(spool.push(message(1))).toMatchObject({ kept: true, dropped: [{ payload: new Uint8Array(4) }] });
    expect(spool.push(message(9))).toMatchObject({ kept: true, dropped: [{ payload: new Uint8Array(4) }] });
    expect(spool.push(message(2))).toMatchObject({
      kept: true,
      dropped: [{ payload: new Uint8Array(1) }, { payload: new Uint8Array(9) }],
    });
    expect(spool.push(message(11))).toMatchObject({ kept: false });
    expect(spool.push(message(1, 0))).toMatchObject({ kept: false });
    expect(spool.drain().map((kept) => kept.payload.length)).toEqual([2]);
    expect(spool.size).toBe(0);
  });
});
