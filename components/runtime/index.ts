// The component runtime: what every component imports.
export { type BackoffPolicy, backoffDelayMs, DEFAULT_RECONNECT_BACKOFF } from './backoff.ts';
export {
  type ComponentContext,
  type ComponentDefinition,
  DEFAULT_SHUTDOWN_TIMEOUT_MS,
  type RunningComponent,
  runComponent,
} from './component.ts';
export { ConfigurationWatcher, formatIssues } from './configuration.ts';
export { describeError, RuntimeError, type RuntimeErrorCode } from './errors.ts';
export { type ConnectionState, IpcConnection } from './ipc/connection.ts';
export type { IncomingMessage, OutgoingMessage } from './ipc/messages.ts';
export { createLogger } from './logger.ts';
export type { MessageHandler, ReceiveMode, SubscribeOptions, Subscription } from './pubsub.ts';
export { integerSetting, numberSetting, topicSetting } from './settings.ts';
