// The shell every component runs in: logger, IPC connection, validated live configuration,
// UpdateState RUNNING once ready, and a polite shutdown on SIGTERM/SIGINT (stop taking work,
// finish what is in flight, close IPC so Node can exit, exit 0).
import { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { CodedError } from '../../common/coded-error.ts';
import { ConfigurationWatcher } from './configuration.ts';
import { describeError } from './errors.ts';
import { type IotCoreQos, publishToIotCore } from './iot-core.ts';
import { type ConnectionOptions, DEFAULT_CONNECTION_OPTIONS, IpcConnection } from './ipc/connection.ts';
import type { OutgoingMessage } from './ipc/messages.ts';
import { createLogger } from './logger.ts';
import {
  type MessageHandler,
  publish,
  type SubscribeOptions,
  type Subscription,
  subscribe,
} from './pubsub.ts';
import { startFacts, startLine } from './start-line.ts';

/** Last-resort exit after SIGTERM; under the stop grace period before SIGKILL (5 s on our core). */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 4_000;

export interface ComponentContext<C> {
  readonly name: string;
  readonly logger: Logger;
  readonly connection: IpcConnection;
  readonly config: ConfigurationWatcher<C>;
  publish(topic: string, message: OutgoingMessage): Promise<void>;
  /** Publishes to AWS IoT Core through the nucleus (needs an mqttproxy policy). */
  publishToIotCore(topic: string, payload: Uint8Array, qos: IotCoreQos): Promise<void>;
  subscribe(topic: string, onMessage: MessageHandler, options?: SubscribeOptions): Promise<Subscription>;
  /** Ends the component cleanly (exit 0) as if asked to stop, e.g. when its work is done. */
  requestStop(reason: string): void;
}

export interface RunningComponent {
  /** Stop taking new work and settle everything in flight (replies sent) before resolving. */
  stop(): Promise<void>;
}

export interface ComponentDefinition<C> {
  readonly name: string;
  readonly configSchema: z.ZodType<C>;
  readonly connection?: Partial<Omit<ConnectionOptions, 'logger' | 'onFatal'>>;
  readonly shutdownTimeoutMs?: number;
  /** The entry point's `import.meta.url`: the built package.json beside it gives the version. */
  readonly entryUrl?: string;
  /** What the start line names beside version, Node.js and platform (the classifier: its model). */
  describe?(config: C): Readonly<Record<string, string>>;
  start(context: ComponentContext<C>): Promise<RunningComponent>;
}

/**
 * Set to `run` by a recipe whose `run` step starts the component: the nucleus reports RUNNING
 * itself when a run step starts, and logs a WARN `service-invalid-state-error` for a RUNNING
 * report from a RUNNING component (aws-greengrass-nucleus Lifecycle.reportState). A component
 * started by a `startup` step must report RUNNING, which is what happens when this is unset.
 */
export const LIFECYCLE_STEP_ENV = 'COMPONENT_LIFECYCLE_STEP';

export function reportsRunning(env: NodeJS.ProcessEnv): boolean {
  return env[LIFECYCLE_STEP_ENV] !== 'run';
}

/** Runs a component until SIGTERM/SIGINT; sets process.exitCode (0 on a clean stop). */
export async function runComponent<C>(definition: ComponentDefinition<C>): Promise<void> {
  const logger = createLogger(definition.name);
  let requestStop!: (reason: string) => void;
  const stopRequested = new Promise<string>((resolve) => {
    requestStop = resolve;
  });
  // Kept until the end (removed in `finally`): a second signal during the drain, such as a copy a
  // parent relays, must not hit Node's default action and end the process mid-drain.
  const onSignal = (signal: NodeJS.Signals): void => requestStop(signal);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  let exitCode = 0;
  let connection: IpcConnection | undefined;
  let config: ConfigurationWatcher<C> | undefined;
  let running: RunningComponent | undefined;
  let starting: Promise<RunningComponent> | undefined;
  try {
    connection = await IpcConnection.open({
      ...DEFAULT_CONNECTION_OPTIONS,
      ...definition.connection,
      logger,
      onFatal: (error) => {
        exitCode = 1;
        requestStop(error.code);
      },
    });
    config = await ConfigurationWatcher.start(connection, definition.configSchema, logger);
    const facts = startFacts(definition.name, definition.entryUrl ?? import.meta.url);
    const { component: _, ...fields } = facts; // the logger already names the component
    logger.info(fields, startLine(facts, definition.describe?.(config.current)));
    const ipc = connection;
    const context: ComponentContext<C> = {
      name: definition.name,
      logger,
      connection: ipc,
      config,
      publish: (topic, message) => publish(ipc, topic, message),
      publishToIotCore: (topic, payload, qos) => publishToIotCore(ipc, topic, payload, qos),
      subscribe: (topic, onMessage, options) => subscribe(ipc, logger, topic, onMessage, options),
      requestStop,
    };
    starting = definition.start(context);
    running = await Promise.race([starting, stopRequested.then(() => undefined)]);
    if (running) {
      if (reportsRunning(process.env)) {
        await ipc.run((client) =>
          client.updateState({ state: greengrasscoreipc.model.ReportedLifecycleState.RUNNING }),
        );
      }
      logger.info('component running');
    }
    const reason = await stopRequested;
    logger.info({ reason }, 'stopping');
  } catch (error) {
    exitCode = 1;
    // One clear line, no stack trace: the nucleus restarts us, and a stack per restart buries the cause.
    const code: string = error instanceof CodedError ? error.code : 'STARTUP_FAILED';
    logger.error({ code }, `${definition.name} failed: ${describeError(error)}`);
  } finally {
    await shutdown(
      logger,
      definition.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
      // Asked to stop while starting: the start still finishes (under the guard) and is stopped.
      running ?? starting?.catch(() => undefined),
      config,
      connection,
    );
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
  process.exitCode = exitCode;
}

async function shutdown(
  logger: Logger,
  timeoutMs: number,
  running: RunningComponent | Promise<RunningComponent | undefined> | undefined,
  config: { close(): void } | undefined,
  connection: IpcConnection | undefined,
): Promise<void> {
  // A last resort so a stuck drain cannot keep the process alive forever; unref'd, so it never
  // delays a clean exit.
  const guard = setTimeout(() => {
    logger.error({ timeoutMs }, 'shutdown did not finish in time; exiting');
    process.exit(process.exitCode ?? 1);
  }, timeoutMs);
  guard.unref();
  try {
    await (await running)?.stop();
  } catch (error) {
    logger.error({ err: describeError(error) }, 'error while stopping');
  }
  config?.close();
  await connection?.close();
  logger.flush();
}
