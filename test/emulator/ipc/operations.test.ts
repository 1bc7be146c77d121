// Operation handlers called directly with real services (broker, store, authorizer, tokens).

import { expect, test } from 'vitest';
import { createAccessControlAuthorizer } from '../../../emulator/auth/authorizer.ts';
import { PUBSUB_SERVICE_ID } from '../../../emulator/auth/policy.ts';
import { TokenRegistry } from '../../../emulator/auth/tokens.ts';
import { ConfigurationStore } from '../../../emulator/config/configuration-store.ts';
import { IpcServiceError } from '../../../emulator/ipc/errors.ts';
import type { OperationHandler, OperationReply } from '../../../emulator/ipc/operation-types.ts';
import { createPublishToTopicHandler } from '../../../emulator/ipc/operations/publish-to-topic.ts';
import type { IpcServices, ReportedState } from '../../../emulator/ipc/operations/services.ts';
import { createUpdateStateHandler } from '../../../emulator/ipc/operations/update-state.ts';
import { createValidateAuthorizationTokenHandler } from '../../../emulator/ipc/operations/validate-authorization-token.ts';
import { lookupOperation, type OperationName } from '../../../emulator/ipc/service-model.ts';
import { CLASSIC_NUCLEUS } from '../../../emulator/platform/nucleus-flavour.ts';
import { Broker } from '../../../emulator/pubsub/broker.ts';
import { parseTopicFilter } from '../../../emulator/pubsub/topic-filter.ts';
import type { JsonObject } from '../../../emulator/util/json.ts';

function services(maxFrameBytes = 24 * 1024 * 1024) {
  const configuration = new ConfigurationStore();
  const reported: Array<[string, ReportedState]> = [];
  const value: IpcServices = {
    broker: new Broker(),
    configuration,
    tokens: new TokenRegistry(),
    maxFrameBytes,
    configurationSubscriptions: { count: 0 },
    nucleus: CLASSIC_NUCLEUS,
    authorizer: createAccessControlAuthorizer({
      lookupAccessControl: (principal) => configuration.node(principal, ['accessControl']),
      serviceOperations: new Map([[PUBSUB_SERVICE_ID, new Set(['aws.greengrass#PublishToTopic'])]]),
      onPolicyProblem: () => {},
    }),
    reportState: (component, state) => reported.push([component, state]),
  };
  configuration.replace('P', {
    accessControl: { [PUBSUB_SERVICE_ID]: { 'P:1': { operations: ['*'], resources: ['*'] } } },
  });
  return { services: value, reported };
}

function call(handler: OperationHandler, operation: OperationName, principal: string, request: JsonObject) {
  const model = lookupOperation(operation);
  if (!model) throw new Error(operation);
  const body = Buffer.from(JSON.stringify(request));
  return handler({ principal, operation: model, request, body, connectionId: 1 }) as OperationReply;
}

function shapeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof IpcServiceError ? error.code : String(error);
  }
}

test('a publish whose delivery frame would exceed maxFrameBytes is refused before any delivery', () => {
  const { services: s } = services(4096);
  const delivered: number[] = [];
  s.broker.subscribe({
    principal: 'S',
    filter: parseTopicFilter('t'),
    receiveMode: 'RECEIVE_ALL_MESSAGES',
    deliver: (body) => delivered.push(body.length),
  });
  const publish = createPublishToTopicHandler(s);
  const request = (bytes: number) => ({
    topic: 't',
    publishMessage: { binaryMessage: { message: Buffer.alloc(bytes).toString('base64') } },
  });
  expect(shapeOf(() => call(publish, 'aws.greengrass#PublishToTopic', 'P', request(2900)))).toBeUndefined();
  expect(shapeOf(() => call(publish, 'aws.greengrass#PublishToTopic', 'P', request(3000)))).toBe(
    'ServiceError',
  );
  expect(delivered).toHaveLength(1);
});

test('authorization comes before the wildcard check on publish topics (docs/ipc-protocol.md#local-publishsubscribe)', () => {
  const { services: s } = services();
  const publish = createPublishToTopicHandler(s);
  const request = { topic: 'local/+', publishMessage: { jsonMessage: { message: {} } } };
  expect(shapeOf(() => call(publish, 'aws.greengrass#PublishToTopic', 'P', request))).toBe(
    'InvalidArgumentsError',
  );
  expect(shapeOf(() => call(publish, 'aws.greengrass#PublishToTopic', 'Nobody', request))).toBe(
    'UnauthorizedError',
  );
});

test('UpdateState accepts RUNNING and ERRORED only', () => {
  const { services: s, reported } = services();
  const updateState = createUpdateStateHandler(s);
  call(updateState, 'aws.greengrass#UpdateState', 'P', { state: 'ERRORED' });
  expect(shapeOf(() => call(updateState, 'aws.greengrass#UpdateState', 'P', { state: 'FINISHED' }))).toBe(
    'ServiceError',
  );
  expect(reported).toEqual([['P', 'ERRORED']]);
});

test('ValidateAuthorizationToken is for Stream Manager only and rejects unknown tokens', () => {
  const { services: s } = services();
  const validate = createValidateAuthorizationTokenHandler(s);
  const token = s.tokens.issue('P');
  const op = 'aws.greengrass#ValidateAuthorizationToken';
  expect(shapeOf(() => call(validate, op, 'P', { token }))).toBe('UnauthorizedError');
  expect(call(validate, op, 'aws.greengrass.StreamManager', { token }).response).toEqual({ isValid: true });
  expect(shapeOf(() => call(validate, op, 'aws.greengrass.StreamManager', { token: 'nope' }))).toBe(
    'InvalidTokenError',
  );
});
