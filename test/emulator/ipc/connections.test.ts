// Handshake, tokens and connection limits, with the unmodified SDK client in-process.

import { eventstream_rpc } from 'aws-iot-device-sdk-v2';
import { afterEach, expect, test } from 'vitest';
import { type Harness, type SdkClient, startHarness } from '../helpers/ipc-harness.ts';
import { errorCodeOf, record } from '../helpers/recorder.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function connectError(client: SdkClient): Promise<unknown> {
  try {
    await client.connect();
    return 'connected';
  } catch (error) {
    return error instanceof eventstream_rpc.RpcError ? eventstream_rpc.RpcErrorType[error.type] : error;
  }
}

function disconnected(client: SdkClient): Promise<void> {
  return new Promise((resolve) => client.on('disconnection', () => resolve()));
}

async function rejectionReason(h: Harness): Promise<unknown> {
  const event = await h.logger.waitFor((logged) => logged.event === 'ipc-connect-rejected');
  return event.message?.match(/\(([A-Z_]+)\)/)?.[1];
}

test('a wrong token fails the connect with a HandshakeError', async () => {
  harness = await startHarness();
  harness.addComponent('com.example.Real');
  expect(await connectError(harness.createClient('NOT-A-REAL-TOKEN'))).toBe('HandshakeError');
  expect(await rejectionReason(harness)).toBe('AUTH_TOKEN_UNKNOWN');
  await harness.logger.waitFor((event) => event.event === 'ipc-client-disconnected');
  expect(harness.server.connectionCount()).toBe(0);
});

test('a missing token (no SVCUID) fails the connect', async () => {
  harness = await startHarness();
  expect(await connectError(harness.createClient(undefined))).toBe('HandshakeError');
  expect(await rejectionReason(harness)).toBe('PAYLOAD_NOT_JSON');
});

test('a revoked token closes its connections and no longer authenticates', async () => {
  harness = await startHarness();
  const token = harness.addComponent('com.example.Revoked', { publish: ['local/x'] });
  const other = await harness.connect(harness.addComponent('com.example.Kept', { publish: ['local/x'] }));
  const client = await harness.connect(token);
  const lost = disconnected(client);
  expect(harness.server.tokens.revoke('com.example.Revoked')).toBe(true);
  await lost;
  expect(await connectError(harness.createClient(token))).toBe('HandshakeError');
  const renewed = harness.server.tokens.issue('com.example.Revoked');
  expect(renewed).not.toBe(token);
  const again = await harness.connect(renewed);
  expect(
    await errorCodeOf(
      again.publishToTopic({ topic: 'local/x', publishMessage: { jsonMessage: { message: {} } } }),
    ),
  ).toBe('no error');
  expect(
    await errorCodeOf(
      other.publishToTopic({ topic: 'local/x', publishMessage: { jsonMessage: { message: {} } } }),
    ),
  ).toBe('no error');
});

test('dropAllConnections closes every client; new clients connect afterwards', async () => {
  harness = await startHarness();
  const token = harness.addComponent('com.example.Dropped', { publish: ['local/x'] });
  const clients = await Promise.all([harness.connect(token), harness.connect(token), harness.connect(token)]);
  const lost = Promise.all(clients.map(disconnected));
  expect(harness.server.dropAllConnections('test')).toBe(3);
  await lost;
  expect(harness.server.connectionCount()).toBe(0);
  const fresh = await harness.connect(token);
  expect(
    await errorCodeOf(
      fresh.publishToTopic({ topic: 'local/x', publishMessage: { jsonMessage: { message: {} } } }),
    ),
  ).toBe('no error');
  expect(harness.server.connectionCount()).toBe(1);
});

test('beyond maxConnections a connect is rejected and the others keep working', async () => {
  harness = await startHarness({ limits: { maxConnections: 2 } });
  const token = harness.addComponent('com.example.Many', { publish: ['local/x'] });
  const first = await harness.connect(token);
  await harness.connect(token);
  expect(await connectError(harness.createClient(token))).toBe('HandshakeError');
  expect(await rejectionReason(harness)).toBe('CONNECTION_LIMIT');
  expect(
    await errorCodeOf(
      first.publishToTopic({ topic: 'local/x', publishMessage: { jsonMessage: { message: {} } } }),
    ),
  ).toBe('no error');
  const gone = harness.logger.waitFor(
    (event) => event.event === 'ipc-client-disconnected' && event.context?.wasConnected === true,
  );
  await first.close();
  await gone;
  await harness.connect(token);
});

test('beyond maxSubscriptionsPerConnection a subscribe gets a ServiceError; existing ones keep delivering', async () => {
  harness = await startHarness({ limits: { maxSubscriptionsPerConnection: 2 } });
  const client = await harness.connect(
    harness.addComponent('com.example.Greedy', { publish: ['*'], subscribe: ['*'] }),
  );
  const first = await record(client.subscribeToTopic({ topic: 'local/a' }));
  await record(client.subscribeToTopic({ topic: 'local/b' }));
  expect(await errorCodeOf(client.subscribeToTopic({ topic: 'local/c' }).activate())).toBe('ServiceError');
  await client.publishToTopic({
    topic: 'local/a',
    publishMessage: { jsonMessage: { message: { still: 'here' } } },
  });
  expect((await first.recorder.waitForCount(1))[0]?.jsonMessage?.message).toEqual({ still: 'here' });
  await first.operation.close();
  await record(client.subscribeToTopic({ topic: 'local/c' }));
});

test('UpdateState reaches onStateReported; a known but unregistered operation answers ServiceError', async () => {
  harness = await startHarness();
  const client = await harness.connect(harness.addComponent('com.example.Stateful'));
  const reported = new Promise<[string, string]>((resolve) =>
    harness?.server.onStateReported((component, state) => resolve([component, state])),
  );
  await client.updateState({ state: 'RUNNING' as never });
  expect(await reported).toEqual(['com.example.Stateful', 'RUNNING']);
  expect(await errorCodeOf(client.listComponents({}))).toBe('ServiceError');
});

test('registerOperation adds an operation the SDK can call', async () => {
  harness = await startHarness();
  harness.server.registerOperation('aws.greengrass#ListComponents', (call) => ({
    response: {
      components: [{ componentName: call.principal, version: '1.0.0', state: 'RUNNING', configuration: {} }],
    },
  }));
  const client = await harness.connect(harness.addComponent('com.example.Lister'));
  const listed = await client.listComponents({});
  expect(listed.components?.map((component) => component.componentName)).toEqual(['com.example.Lister']);
});

test('an async handler that rejects answers ServiceError; one that throws in onStreamOpen ends only its stream', async () => {
  harness = await startHarness();
  harness.server.registerOperation('aws.greengrass#ListComponents', async () => {
    throw new Error('component store unavailable');
  });
  harness.server.registerOperation('aws.greengrass#SubscribeToComponentUpdates', async () => ({
    onStreamOpen: () => {
      throw new Error('cannot watch');
    },
  }));
  const client = await harness.connect(harness.addComponent('com.example.Unlucky'));
  const failure = await client
    .listComponents({})
    .catch((error: { serviceError?: { message?: string } }) => error);
  expect(
    (failure as { serviceError?: { _errorCode?: string; message?: string } }).serviceError,
  ).toMatchObject({
    _errorCode: 'ServiceError',
    message: 'component store unavailable',
  });
  expect(await errorCodeOf(client.subscribeToComponentUpdates({}).activate())).toBe('no error');
  expect(await errorCodeOf(client.updateState({ state: 'RUNNING' as never }))).toBe('no error');
  expect(harness.logger.named('ipc-operation-failed')).toHaveLength(2);
});
