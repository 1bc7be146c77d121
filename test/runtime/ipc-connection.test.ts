// IpcConnection and ConfigurationWatcher against the real IPC server with the unmodified SDK client.
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_TOP_K } from '../../components/classifier/classifier-options.ts';
import { classifierConfigSchema } from '../../components/classifier/service/config.ts';
import { ConfigurationWatcher } from '../../components/runtime/configuration.ts';
import { SOCKET_PATH_ENV } from '../../components/runtime/ipc/connect.ts';
import { IpcConnection } from '../../components/runtime/ipc/connection.ts';
import { type Harness, startHarness } from '../emulator/helpers/ipc-harness.ts';

const logger = pino({ level: 'silent' });
/** Long enough that a retrying connection would outlive the test's own timeout. */
const options = { logger, connectTimeoutMs: 2_000, reconnectGiveUpMs: 60_000, operationWaitMs: 2_000 };

let harness: Harness;
const savedEnv = { ...process.env };
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  process.env = savedEnv;
  await harness?.close();
});

describe('IpcConnection', () => {
  it('fails at once with IPC_CONFIG_MISSING outside a nucleus instead of retrying', async () => {
    delete process.env[SOCKET_PATH_ENV];
    await expect(IpcConnection.open(options)).rejects.toMatchObject({ code: 'IPC_CONFIG_MISSING' });
  }, 10_000);

  it('forgets a session hook that failed when added, so reconnections do not run it again', async () => {
    process.env[SOCKET_PATH_ENV] = harness.server.socketPath;
    process.env.SVCUID = harness.addComponent('test.hooks');
    const connection = await IpcConnection.open(options);
    try {
      let calls = 0;
      const refused = async (): Promise<void> => {
        calls += 1;
        throw new Error('refused');
      };
      await expect(connection.addSessionHook(refused)).rejects.toThrow('refused');
      const reconnected = new Promise<void>((resolve) =>
        connection.onStateChange((state) => state === 'connected' && resolve()),
      );
      harness.server.dropAllConnections('test');
      await reconnected;
      expect(calls).toBe(1);
    } finally {
      await connection.close();
    }
  }, 20_000);
});

describe('IpcConnection operations the nucleus never answers', () => {
  // A handler that never answers stands for an answer lost with a dropped connection (the SDK's
  // promise then never settles) or a stuck nucleus.
  beforeAll(() => {
    harness.server.registerOperation('aws.greengrass#ListComponents', () => new Promise(() => {}));
  });
  const listComponents = (connection: IpcConnection) => connection.run((client) => client.listComponents({}));

  it('fail at once with IPC_CONNECTION_LOST when the connection drops, and the next one works', async () => {
    process.env[SOCKET_PATH_ENV] = harness.server.socketPath;
    process.env.SVCUID = harness.addComponent('test.lost');
    const connection = await IpcConnection.open({ ...options, operationTimeoutMs: 60_000 });
    try {
      const pending = listComponents(connection);
      const reconnected = new Promise<void>((resolve) =>
        connection.onStateChange((state) => state === 'connected' && resolve()),
      );
      await new Promise((resolve) => setTimeout(resolve, 50)); // the request is on the wire
      harness.server.dropAllConnections('test');
      await expect(pending).rejects.toMatchObject({ code: 'IPC_CONNECTION_LOST' });
      await reconnected;
      await expect(
        connection.run((client) => client.getConfiguration({ keyPath: [] })),
      ).resolves.toBeDefined();
    } finally {
      await connection.close();
    }
  }, 20_000);

  it('fail with IPC_OPERATION_TIMEOUT after operationTimeoutMs', async () => {
    process.env[SOCKET_PATH_ENV] = harness.server.socketPath;
    process.env.SVCUID = harness.addComponent('test.stuck');
    const connection = await IpcConnection.open({ ...options, operationTimeoutMs: 300 });
    try {
      await expect(listComponents(connection)).rejects.toMatchObject({ code: 'IPC_OPERATION_TIMEOUT' });
    } finally {
      await connection.close();
    }
  }, 20_000);

  it('bound a session hook (a subscription) by operationTimeoutMs too, and drop the hook', async () => {
    process.env[SOCKET_PATH_ENV] = harness.server.socketPath;
    process.env.SVCUID = harness.addComponent('test.hook');
    const connection = await IpcConnection.open({ ...options, operationTimeoutMs: 300 });
    try {
      // An activate() that never settles, as the SDK can leave a refused subscription.
      const never = () => new Promise<void>(() => {});
      await expect(connection.addSessionHook(never)).rejects.toMatchObject({ code: 'IPC_OPERATION_TIMEOUT' });
    } finally {
      await connection.close();
    }
  }, 20_000);
});

describe('ConfigurationWatcher', () => {
  it('keeps applying updates after a listener throws', async () => {
    const component = 'test.config';
    process.env[SOCKET_PATH_ENV] = harness.server.socketPath;
    process.env.SVCUID = harness.addComponent(component);
    harness.server.configuration.replace(component, { Size: 1 });
    const connection = await IpcConnection.open(options);
    try {
      const watcher = await ConfigurationWatcher.start(connection, z.object({ Size: z.number() }), logger);
      watcher.onChange(() => {
        throw new Error('listener bug');
      });
      const sizes: number[] = [];
      const reached = (size: number) =>
        new Promise<void>((resolve) =>
          watcher.onChange((next) => {
            sizes.push(next.Size);
            if (next.Size === size) resolve();
          }),
        );
      const second = reached(2);
      harness.server.configuration.replace(component, { Size: 2 });
      await second;
      const third = reached(3);
      harness.server.configuration.replace(component, { Size: 3 });
      await third;
      expect(watcher.current.Size).toBe(3);
      watcher.close();
    } finally {
      await connection.close();
    }
  }, 20_000);

  it('starts with the default of a stored value it refused (TopK 99), says so, and keeps the valid rest', async () => {
    const component = 'test.refused';
    process.env[SOCKET_PATH_ENV] = harness.server.socketPath;
    process.env.SVCUID = harness.addComponent(component);
    process.env.MODELS_DIR = '/models';
    harness.server.configuration.replace(component, { TopK: 99, ScoreThreshold: 0.25 });
    const lines: Record<string, unknown>[] = [];
    const capturing = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const connection = await IpcConnection.open({ ...options, logger: capturing });
    try {
      const watcher = await ConfigurationWatcher.start(connection, classifierConfigSchema, capturing);
      expect(watcher.current.topK).toBe(DEFAULT_TOP_K);
      expect(watcher.current.scoreThreshold).toBe(0.25);
      const refusal = lines.find((line) => line.code === 'CONFIG_REFUSED');
      expect(refusal?.level).toBe(50); // pino's error
      expect(String(refusal?.msg)).toContain('TopK');
      expect(String(refusal?.msg)).toContain('running with the default of TopK');
      watcher.close();
    } finally {
      await connection.close();
    }
  }, 20_000);

  it('still refuses to start when a value without a default is invalid', async () => {
    const component = 'test.invalid';
    process.env[SOCKET_PATH_ENV] = harness.server.socketPath;
    process.env.SVCUID = harness.addComponent(component);
    harness.server.configuration.replace(component, { Size: 'big' });
    const connection = await IpcConnection.open(options);
    try {
      await expect(
        ConfigurationWatcher.start(connection, z.object({ Size: z.number() }), logger),
      ).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    } finally {
      await connection.close();
    }
  }, 20_000);
});
