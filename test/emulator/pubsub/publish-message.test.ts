import { expect, test } from 'vitest';
import { IpcRequestShapeError } from '../../../emulator/ipc/errors.ts';
import {
  buildSubscriptionEventBody,
  parsePublishRequest,
  payloadMessageBytes,
} from '../../../emulator/pubsub/publish-message.ts';
import type { JsonObject } from '../../../emulator/util/json.ts';

test('a JSON message becomes a jsonMessage event with context.topic', () => {
  const request = parsePublishRequest({
    topic: 'local/inference',
    publishMessage: { jsonMessage: { message: { id: 'r1', n: 1.5, s: 'é"\\' } } },
  });
  const body = JSON.parse(
    Buffer.concat(
      buildSubscriptionEventBody(request.payload.kind, payloadMessageBytes(request.payload), request.topic),
    ).toString(),
  );
  expect(body).toEqual({
    jsonMessage: { message: { id: 'r1', n: 1.5, s: 'é"\\' }, context: { topic: 'local/inference' } },
  });
});

test('a binary message is forwarded as the same base64 text, never decoded', () => {
  const base64 = Buffer.from([0, 1, 2, 255, 254]).toString('base64');
  const request = parsePublishRequest({
    topic: 't/"q"',
    publishMessage: { binaryMessage: { message: base64 } },
  });
  const body = Buffer.concat(
    buildSubscriptionEventBody(request.payload.kind, payloadMessageBytes(request.payload), request.topic),
  ).toString();
  expect(body).toBe(`{"binaryMessage":{"message":"${base64}","context":{"topic":"t/\\"q\\""}}}`);
});

test.each<[string, JsonObject]>([
  ['a non-string topic', { topic: 5, publishMessage: { jsonMessage: { message: {} } } }],
  ['no union member', { topic: 't', publishMessage: {} }],
  [
    'both union members',
    { topic: 't', publishMessage: { jsonMessage: { message: {} }, binaryMessage: { message: '' } } },
  ],
  ['a JSON array message', { topic: 't', publishMessage: { jsonMessage: { message: [1, 2] } } }],
  ['a JSON string message', { topic: 't', publishMessage: { jsonMessage: { message: 'hi' } } }],
  ['invalid base64', { topic: 't', publishMessage: { binaryMessage: { message: 'ab"c' } } }],
  ['unpadded base64', { topic: 't', publishMessage: { binaryMessage: { message: 'abc' } } }],
])('%s does not fit the model (unmodeled InternalServerError)', (_, request) => {
  expect(() => parsePublishRequest(request)).toThrow(IpcRequestShapeError);
});
