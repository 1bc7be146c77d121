import { expect, test } from 'vitest';
import { createAccessControlAuthorizer } from '../../../emulator/auth/authorizer.ts';
import { PUBSUB_SERVICE_ID, parseServicePolicies } from '../../../emulator/auth/policy.ts';
import { ConfigurationStore } from '../../../emulator/config/configuration-store.ts';

const PUBLISH = 'aws.greengrass#PublishToTopic';
const SUBSCRIBE = 'aws.greengrass#SubscribeToTopic';
const PUBSUB_OPERATIONS = new Set([PUBLISH, SUBSCRIBE]);

test('policies parse with case-insensitive property names; bad parts are skipped and reported', () => {
  const parsed = parseServicePolicies(
    {
      'AWS.Greengrass.IPC.PubSub': {
        good: { PolicyDescription: 'x', Operations: [PUBLISH], Resources: ['local/a'] },
        badOperation: { operations: ['aws.greengrass#Teleport', '*'], resources: ['local/b', 'local/?'] },
        notAnObject: 'nope',
        notAList: { operations: PUBLISH, resources: ['x'] },
      },
    },
    PUBSUB_SERVICE_ID,
    PUBSUB_OPERATIONS,
  );
  expect(
    parsed.policies.map((policy) => [
      policy.id,
      [...policy.operations],
      policy.resources.map((r) => r.source),
    ]),
  ).toEqual([
    ['good', [PUBLISH], ['local/a']],
    ['badOperation', ['*'], ['local/b']],
    ['notAList', [], ['x']],
  ]);
  expect(parsed.problems).toHaveLength(4);
});

function authorizerOver(store: ConfigurationStore, problems: string[] = []) {
  return createAccessControlAuthorizer({
    lookupAccessControl: (principal) => store.node(principal, ['accessControl']),
    serviceOperations: new Map([[PUBSUB_SERVICE_ID, PUBSUB_OPERATIONS]]),
    onPolicyProblem: (principal, problem) => problems.push(`${principal}: ${problem}`),
  });
}

test('the decision uses only the principal own policies, and denies by default', () => {
  const store = new ConfigurationStore();
  store.replace('A', {
    accessControl: { [PUBSUB_SERVICE_ID]: { 'A:1': { operations: [PUBLISH], resources: ['local/*'] } } },
  });
  store.replace('B', {
    accessControl: { [PUBSUB_SERVICE_ID]: { 'B:1': { operations: ['*'], resources: ['*'] } } },
  });
  store.replace('C', {});
  const authorizer = authorizerOver(store);
  expect(authorizer.isAllowed('A', PUBSUB_SERVICE_ID, PUBLISH, 'local/x/y')).toBe(true);
  expect(authorizer.isAllowed('A', PUBSUB_SERVICE_ID, SUBSCRIBE, 'local/x')).toBe(false);
  expect(authorizer.isAllowed('A', PUBSUB_SERVICE_ID, PUBLISH, 'other')).toBe(false);
  expect(authorizer.isAllowed('B', PUBSUB_SERVICE_ID, SUBSCRIBE, 'anything')).toBe(true);
  expect(authorizer.isAllowed('B', 'aws.greengrass.ipc.mqttproxy', PUBLISH, 'anything')).toBe(false);
  expect(authorizer.isAllowed('C', PUBSUB_SERVICE_ID, PUBLISH, 'local/x')).toBe(false);
  expect(authorizer.isAllowed('Unknown', PUBSUB_SERVICE_ID, PUBLISH, 'local/x')).toBe(false);
});

test('a policy change applies at once; an unchanged policy is parsed only once', () => {
  const store = new ConfigurationStore();
  const problems: string[] = [];
  store.replace('A', {
    other: 1,
    accessControl: { [PUBSUB_SERVICE_ID]: { 'A:1': { operations: [PUBLISH], resources: ['a', 'b?'] } } },
  });
  const authorizer = authorizerOver(store, problems);
  expect(authorizer.isAllowed('A', PUBSUB_SERVICE_ID, PUBLISH, 'a')).toBe(true);
  store.merge('A', [], { other: 2 }); // elsewhere in the configuration: accessControl node unchanged
  expect(authorizer.isAllowed('A', PUBSUB_SERVICE_ID, PUBLISH, 'c')).toBe(false);
  expect(problems).toHaveLength(1);
  store.merge('A', ['accessControl', PUBSUB_SERVICE_ID, 'A:1'], { resources: ['c'] });
  expect(authorizer.isAllowed('A', PUBSUB_SERVICE_ID, PUBLISH, 'c')).toBe(true);
  expect(authorizer.isAllowed('A', PUBSUB_SERVICE_ID, PUBLISH, 'a')).toBe(false);
});
