// The local core's IPC server: a Unix socket speaking the Greengrass event-stream RPC protocol
// to the unmodified SDK client, with local pub/sub, configuration and lifecycle-state services.
//   check the path ─▶ remove a stale socket ─▶ wire services and operations ─▶ listen ─▶ chmod
// Close: stop accepting ─▶ close every connection ─▶ remove the socket file.

import { chmod, unlink } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { createAccessControlAuthorizer } from '../auth/authorizer.ts';
import { matchesMqttResource } from '../auth/mqtt-resource.ts';
import { MQTT_PROXY_SERVICE_ID, PUBSUB_SERVICE_ID } from '../auth/policy.ts';
import { TokenRegistry } from '../auth/tokens.ts';
import { ConfigurationStore } from '../config/configuration-store.ts';
import type { IotCoreLink } from '../iotcore/iot-core-link.ts';
import { type CoreLogger, type LogLevel, silentCoreLogger } from '../logs/core-logger.ts';
import { CLASSIC_NUCLEUS, type NucleusBehaviour } from '../platform/nucleus-flavour.ts';
import { Broker } from '../pubsub/broker.ts';
import { ListenerSet, type Unsubscribe } from '../util/listener-set.ts';
import { IPC_LOGGER_NAME } from './connection.ts';
import { ConnectionPool } from './connection-pool.ts';
import { type IpcLimits, resolveIpcLimits } from './limits.ts';
import { OperationRegistry } from './operation-registry.ts';
import type { OperationHandler } from './operation-types.ts';
import { createBuiltinHandlers } from './operations/index.ts';
import type { IpcServices, ReportedState } from './operations/services.ts';
import type { OperationName } from './service-model.ts';
import { checkSocketPathLength, removeStaleSocket } from './socket-path.ts';

/**
 * Owner and group may connect; others may not. The nucleus makes its socket world read/write
 * (docs/ipc-protocol.md#transport); pass `socketMode: 0o666` where components run as other users.
 */
export const DEFAULT_SOCKET_MODE = 0o660;

export interface IpcServerOptions {
  /** `<root>/ipc.socket` in the core; at most 107 bytes. */
  readonly socketPath: string;
  readonly logger?: CoreLogger;
  readonly socketMode?: number;
  readonly limits?: Partial<IpcLimits>;
  /** Share a store or registry with the rest of the core; new empty ones by default. */
  readonly configuration?: ConfigurationStore;
  readonly tokens?: TokenRegistry;
  /** The nucleus whose IPC behaviour to reproduce (default classic). */
  readonly nucleus?: NucleusBehaviour;
  /** Where PublishToIoTCore and SubscribeToIoTCore go (iotcore/iot-core-link.ts). */
  readonly iotCore?: IotCoreLink;
}

export interface IpcServer {
  readonly socketPath: string;
  readonly limits: IpcLimits;
  readonly tokens: TokenRegistry;
  readonly configuration: ConfigurationStore;
  /** UpdateState calls, after the response is decided. */
  onStateReported(listener: (component: string, state: ReportedState) => void): Unsubscribe;
  /** Adds an operation of the service model (e.g. aws.greengrass#ListComponents). */
  registerOperation(name: OperationName, handler: OperationHandler): void;
  /** Test and fault hook: closes every client connection; the server keeps listening. */
  dropAllConnections(reason?: string): number;
  /** Open client connections, including those still in the handshake. */
  connectionCount(): number;
  /** Live topic and configuration subscriptions across all connections. */
  subscriptionCount(): number;
  /**
   * As a nucleus restarting its IPC server (nucleus lite: ggipcd): stops accepting, closes every
   * connection, removes the socket and listens again on the same path. Subscriptions end with
   * their connections; tokens, configuration and operations stay (the core decides about tokens).
   */
  restart(): Promise<void>;
  /** Stops accepting, closes every connection, removes the socket file; idempotent. */
  close(): Promise<void>;
}

export async function startIpcServer(options: IpcServerOptions): Promise<IpcServer> {
  const limits = resolveIpcLimits(options.limits);
  const logger = options.logger ?? silentCoreLogger;
  const { socketPath } = options;
  const log = (level: LogLevel, event: string, message: string, error?: unknown) =>
    logger.log({ level, thread: 'ipc', logger: IPC_LOGGER_NAME, event, message, error });
  const onListenerError = (error: unknown) => log('ERROR', 'ipc-listener-failed', 'a listener threw', error);

  checkSocketPathLength(socketPath);
  await removeStaleSocket(socketPath);

  const configuration = options.configuration ?? new ConfigurationStore(onListenerError);
  const tokens = options.tokens ?? new TokenRegistry(onListenerError);
  const stateListeners = new ListenerSet<{ component: string; state: ReportedState }>(onListenerError);
  const broker = new Broker();
  const services: IpcServices = {
    broker,
    configuration,
    tokens,
    maxFrameBytes: limits.maxFrameBytes,
    nucleus: options.nucleus ?? CLASSIC_NUCLEUS,
    configurationSubscriptions: { count: 0 },
    authorizer: createAccessControlAuthorizer({
      lookupAccessControl: (principal) => configuration.node(principal, ['accessControl']),
      serviceOperations: new Map([
        [PUBSUB_SERVICE_ID, new Set(['aws.greengrass#PublishToTopic', 'aws.greengrass#SubscribeToTopic'])],
        [
          MQTT_PROXY_SERVICE_ID,
          new Set(['aws.greengrass#PublishToIoTCore', 'aws.greengrass#SubscribeToIoTCore']),
        ],
      ]),
      resourceMatchers: new Map([[MQTT_PROXY_SERVICE_ID, matchesMqttResource]]),
      onPolicyProblem: (principal, problem) =>
        log('WARN', 'ipc-policy-invalid', `${principal}: accessControl policy part ignored: ${problem}`),
    }),
    reportState: (component, state) => stateListeners.emit({ component, state }),
    ...(options.iotCore ? { iotCore: options.iotCore } : {}),
  };
  const registry = new OperationRegistry();
  for (const [name, handler] of createBuiltinHandlers(services)) registry.register(name, handler);
  const pool = new ConnectionPool({
    limits,
    logger,
    registry,
    authenticate: (token) => tokens.lookup(token),
    refuseByClosing: services.nucleus.refusesConnectByClosing,
  });
  const stopRevoking = tokens.onRevoked((component) =>
    pool.closePrincipal(component, 'TOKEN_REVOKED', `the token of ${component} was revoked`),
  );

  const socketMode = options.socketMode ?? DEFAULT_SOCKET_MODE;
  const open = async (): Promise<Server> => {
    const server = createServer((socket) => pool.accept(socket));
    await listen(server, socketPath, socketMode);
    server.on('error', (error) => log('ERROR', 'ipc-server-error', 'the listening socket failed', error));
    await chmod(socketPath, socketMode);
    log('INFO', 'ipc-server-started', `IPC server listening on ${socketPath}`);
    return server;
  };
  const stop = async (server: Server, code: 'SERVER_CLOSING' | 'SERVER_RESTARTING') => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    pool.closeAll(
      code,
      code === 'SERVER_CLOSING' ? 'the IPC server is shutting down' : 'the IPC server restarts',
    );
    await closed;
    await unlink(socketPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  };
  let server = await open();

  let closing: Promise<void> | undefined;
  return {
    socketPath,
    limits,
    tokens,
    configuration,
    onStateReported: (listener) => stateListeners.add(({ component, state }) => listener(component, state)),
    registerOperation: (name, handler) => registry.register(name, handler),
    dropAllConnections: (reason = 'dropAllConnections called') => pool.closeAll('DROPPED', reason),
    connectionCount: () => pool.size,
    subscriptionCount: () => broker.subscriptionCount + services.configurationSubscriptions.count,
    async restart() {
      if (closing !== undefined) return;
      await stop(server, 'SERVER_RESTARTING');
      log('INFO', 'ipc-server-restarting', `IPC server on ${socketPath} restarting`);
      server = await open();
    },
    close() {
      closing ??= (async () => {
        stopRevoking();
        await stop(server, 'SERVER_CLOSING');
        log('INFO', 'ipc-server-stopped', `IPC server on ${socketPath} stopped`);
      })();
      return closing;
    },
  };
}

/**
 * Listens with a umask that gives the socket file `mode` from the moment bind(2) creates it
 * (Node binds inside the listen call), so it is never reachable with the process umask's looser
 * mode before the chmod that follows. The umask is the process's; it is restored before anything
 * else can run.
 */
function listen(server: Server, socketPath: string, mode: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const previousUmask = process.umask(0o777 & ~mode);
    try {
      server.listen(socketPath, () => {
        server.off('error', reject);
        resolve();
      });
    } finally {
      process.umask(previousUmask);
    }
  });
}
