// The RPC layer's pure rules with plain values: required headers, stream ids, the handshake,
// the connection states and the limits.

import type { MessageHeaders } from '@smithy/core/event-streams';
import { makeServiceModel } from 'aws-iot-device-sdk-v2/dist/greengrasscoreipc/model_utils.js';
import { describe, expect, test } from 'vitest';
import { nextConnectionState } from '../../../emulator/ipc/connection-state.ts';
import { IpcServerError } from '../../../emulator/ipc/errors.ts';
import { parseConnectRequest } from '../../../emulator/ipc/handshake.ts';
import { DEFAULT_IPC_LIMITS, resolveIpcLimits } from '../../../emulator/ipc/limits.ts';
import { parseRpcMessage, type RpcMessage, type RpcViolation } from '../../../emulator/ipc/rpc-message.ts';
import { allOperationNames, lookupOperation } from '../../../emulator/ipc/service-model.ts';
import { StreamTable } from '../../../emulator/ipc/stream-table.ts';

const int = (value: number) => ({ type: 'integer', value }) as const;
const str = (value: string) => ({ type: 'string', value }) as const;
const EMPTY = new Uint8Array(0);

describe('parseRpcMessage', () => {
  test('reads the required headers case-insensitively, plus operation and version', () => {
    const parsed = parseRpcMessage(
      {
        ':Message-Type': int(0),
        ':message-flags': int(2),
        ':STREAM-ID': int(7),
        operation: str('aws.greengrass#X'),
      },
      EMPTY,
    );
    expect(parsed).toMatchObject({
      ok: true,
      message: { type: 'ApplicationMessage', flags: 2, streamId: 7, operation: 'aws.greengrass#X' },
    });
  });

  const violations: ReadonlyArray<readonly [string, MessageHeaders, RpcViolation]> = [
    ['no :message-type', { ':message-flags': int(0), ':stream-id': int(0) }, 'HEADER_MISSING'],
    [
      'a string :stream-id',
      { ':message-type': int(2), ':message-flags': int(0), ':stream-id': str('0') },
      'HEADER_NOT_INT32',
    ],
    [
      'type 8',
      { ':message-type': int(8), ':message-flags': int(0), ':stream-id': int(0) },
      'UNKNOWN_MESSAGE_TYPE',
    ],
    [
      'stream 0 application message',
      { ':message-type': int(0), ':message-flags': int(0), ':stream-id': int(0) },
      'STREAM_ID_NOT_POSITIVE',
    ],
    [
      'a Ping on stream 3',
      { ':message-type': int(2), ':message-flags': int(0), ':stream-id': int(3) },
      'STREAM_ID_NOT_ZERO',
    ],
    [
      'a negative stream',
      { ':message-type': int(1), ':message-flags': int(0), ':stream-id': int(-1) },
      'STREAM_ID_NOT_POSITIVE',
    ],
  ];
  test.each(violations)('rejects %s', (_, headers, rule) => {
    const parsed = parseRpcMessage(headers, EMPTY);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.rule).toBe(rule);
  });
});

describe('StreamTable (docs/ipc-protocol.md#stream-ids)', () => {
  test('new ids must be exactly the highest + 1 and carry an operation', () => {
    const table = new StreamTable<string>();
    expect(table.route(1, true, false)).toEqual({ kind: 'new' });
    expect(table.route(1, false, false).kind).toBe('violation');
    expect(table.route(2, true, false).kind).toBe('violation');
    table.open(1, 'one');
    expect(table.route(2, true, false)).toEqual({ kind: 'new' });
    expect(table.route(1, false, false)).toEqual({ kind: 'open' });
  });

  test('a closed id ignores a crossed terminate and rejects anything else', () => {
    const table = new StreamTable<string>();
    table.open(1, 'one');
    expect(table.close(1)).toBe('one');
    expect(table.route(1, false, true)).toEqual({ kind: 'ignore' });
    expect(table.route(1, false, false).kind).toBe('violation');
    expect(table.route(1, true, false).kind).toBe('violation');
    expect(table.route(2, true, false)).toEqual({ kind: 'new' });
  });

  test('closeAll returns what was open and empties the table', () => {
    const table = new StreamTable<string>();
    table.open(1, 'a');
    table.open(2, 'b');
    table.close(1);
    expect(table.closeAll()).toEqual(['b']);
    expect(table.openCount).toBe(0);
  });
});

describe('parseConnectRequest (docs/ipc-protocol.md#handshake)', () => {
  const connect = (version: string | undefined, payload: string): RpcMessage => ({
    type: 'Connect',
    flags: 0,
    streamId: 0,
    operation: undefined,
    version,
    headers: {},
    body: new TextEncoder().encode(payload),
  });
  test.each([
    ['0.1.0', '{"authToken":"T","extra":1}', { ok: true, authToken: 'T' }],
    ['0.2.0', '{"authToken":"T"}', { ok: false, reason: 'VERSION_MISMATCH' }],
    [undefined, '{"authToken":"T"}', { ok: false, reason: 'VERSION_MISMATCH' }],
    ['0.1.0', '', { ok: false, reason: 'PAYLOAD_NOT_JSON' }],
    ['0.1.0', '{"authToken":""}', { ok: false, reason: 'AUTH_TOKEN_MISSING' }],
    ['0.1.0', '{"authToken":5}', { ok: false, reason: 'AUTH_TOKEN_MISSING' }],
    ['0.1.0', 'null', { ok: false, reason: 'AUTH_TOKEN_MISSING' }],
  ])('version %s payload %s', (version, payload, expected) => {
    expect(parseConnectRequest(connect(version, payload))).toMatchObject(expected);
  });
});

test('connection states follow the transition table', () => {
  expect(nextConnectionState('awaiting-connect', 'connect-accepted')).toBe('connected');
  expect(nextConnectionState('awaiting-connect', 'connect-rejected')).toBe('rejecting');
  expect(nextConnectionState('connected', 'connect-accepted')).toBeUndefined();
  expect(nextConnectionState('rejecting', 'close')).toBe('closed');
  expect(nextConnectionState('closed', 'close')).toBeUndefined();
});

describe('limits', () => {
  test('defaults follow the protocol: 24 MiB frames', () => {
    expect(resolveIpcLimits()).toEqual(DEFAULT_IPC_LIMITS);
    expect(DEFAULT_IPC_LIMITS.maxFrameBytes).toBe(25_165_824);
  });

  test('every invalid limit is named in one coded error', () => {
    let caught: unknown;
    try {
      resolveIpcLimits({ maxConnections: 0, maxFrameBytes: 32 * 1024 * 1024, handshakeTimeoutMs: 1.5 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(IpcServerError);
    expect((caught as IpcServerError).code).toBe('IPC_INVALID_LIMITS');
    expect((caught as Error).message).toMatch(
      /maxConnections.*maxFrameBytes.*|maxFrameBytes.*maxConnections/s,
    );
    expect((caught as Error).message).toMatch(/handshakeTimeoutMs/);
  });
});

test('the service model matches the SDK client model: names, streaming, declared errors', () => {
  const sdk = makeServiceModel().operations;
  expect(new Set(allOperationNames())).toEqual(new Set(sdk.keys()));
  for (const [name, operation] of sdk) {
    const ours = lookupOperation(name);
    expect(ours?.responseShape, name).toBe(operation.responseShape);
    expect(ours?.eventShape, name).toBe(operation.inboundMessageShape);
    expect(new Set([...(ours?.errors ?? [])].map((shape) => `aws.greengrass#${shape}`)), name).toEqual(
      operation.errorShapes,
    );
  }
  expect(lookupOperation('aws.greengrass#Nope')).toBeUndefined();
});
