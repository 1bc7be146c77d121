// The publish fast path against the general path: same events, and a fall back to the
// general path for anything that is not the SDK's exact layout.

import { EventStreamCodec } from '@smithy/core/event-streams';
import { expect, test } from 'vitest';
import {
  buildSubscriptionEventBody,
  parsePublishRequest,
  payloadMessageBytes,
} from '../../../emulator/pubsub/publish-message.ts';
import { matchSdkPublishLayout } from '../../../emulator/pubsub/sdk-publish-layout.ts';
import type { JsonObject } from '../../../emulator/util/json.ts';
import { SDK_CLIENT_FRAMES } from '../../fixtures/ipc/sdk-frames.ts';

const codec = new EventStreamCodec(
  (bytes) => new TextDecoder().decode(bytes),
  (text) => new TextEncoder().encode(text),
);

function generalEvent(body: Uint8Array): string {
  const { topic, payload } = parsePublishRequest(JSON.parse(new TextDecoder().decode(body)) as JsonObject);
  return Buffer.concat(
    buildSubscriptionEventBody(payload.kind, payloadMessageBytes(payload), topic),
  ).toString();
}

function fastEvent(body: Uint8Array): string | undefined {
  const matched = matchSdkPublishLayout(body);
  return (
    matched &&
    Buffer.concat(buildSubscriptionEventBody(matched.kind, matched.message, matched.topic)).toString()
  );
}

test('the requests captured from the SDK client take the fast path and give the same events', () => {
  const publishes = SDK_CLIENT_FRAMES.filter(({ label }) => label === 'aws.greengrass#PublishToTopic');
  expect(publishes).toHaveLength(2);
  for (const { hex } of publishes) {
    const { body } = codec.decode(Buffer.from(hex, 'hex'));
    expect(fastEvent(body)).toBeDefined();
    expect(fastEvent(body)).toBe(generalEvent(body));
  }
});

const SAME_RESULT: JsonObject[] = [
  {
    topic: 'local/inference',
    publishMessage: { jsonMessage: { message: { id: 'r', deep: { a: [1, 'two', null] } } } },
  },
  { topic: 'tópico/ünï', publishMessage: { jsonMessage: { message: { text: 'é "quoted" \\ \n' } } } },
  {
    topic: 'local/result',
    publishMessage: { binaryMessage: { message: Buffer.from([0, 255, 1]).toString('base64') } },
  },
  {
    topic: 'local/result',
    publishMessage: { binaryMessage: { message: Buffer.alloc(1000, 7).toString('base64') } },
  },
  { topic: 'empty', publishMessage: { binaryMessage: { message: '' } } },
  { topic: '', publishMessage: { jsonMessage: { message: {} } } },
];

test.each(SAME_RESULT)('fast and general paths agree on %j', (request) => {
  const body = Buffer.from(JSON.stringify(request));
  expect(fastEvent(body)).toBe(generalEvent(body));
});

test.each([
  ['whitespace', '{ "topic":"t","publishMessage":{"jsonMessage":{"message":{}}}}'],
  ['another key order', '{"publishMessage":{"jsonMessage":{"message":{}}},"topic":"t"}'],
  ['an escaped topic', '{"topic":"a\\"b","publishMessage":{"jsonMessage":{"message":{}}}}'],
  [
    'a second union member after the first',
    '{"topic":"t","publishMessage":{"jsonMessage":{"message":{}},"jsonMessage":{"message":{"x":1}}}}',
  ],
  [
    'a client-supplied context',
    '{"topic":"t","publishMessage":{"jsonMessage":{"message":{},"context":{"topic":"x"}}}}',
  ],
  ['an array message', '{"topic":"t","publishMessage":{"jsonMessage":{"message":[1]}}}'],
  ['invalid base64', '{"topic":"t","publishMessage":{"binaryMessage":{"message":"ab!d"}}}'],
  ['unpadded base64', '{"topic":"t","publishMessage":{"binaryMessage":{"message":"abc"}}}'],
  ['padding in the middle', '{"topic":"t","publishMessage":{"binaryMessage":{"message":"ab==abcd"}}}'],
  ['an escape inside base64', '{"topic":"t","publishMessage":{"binaryMessage":{"message":"ab\\u0041"}}}'],
])('%s falls back to the general path', (_, text) => {
  expect(matchSdkPublishLayout(Buffer.from(text))).toBeUndefined();
});
