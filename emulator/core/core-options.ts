// What startCore accepts, validated once and defaulted. Every limit keeps
// its unit in its name; the defaults are the nucleus's where it has one.

import path from 'node:path';
import { CoreError } from '../errors/core-error.ts';
import type { IpcLimits } from '../ipc/limits.ts';
import {
  DEFAULT_NUCLEUS_VERSION,
  DEFAULT_REGION,
  DEFAULT_THING_NAME,
} from '../lifecycle/core-environment.ts';
import { DEFAULT_DEPLOYMENT_SETTLE_TIMEOUT_MS } from '../lifecycle/service-manager.ts';
import { DEFAULT_STOP_GRACE_MS } from '../lifecycle/shell-process.ts';
import type { StepTimeoutsMs } from '../lifecycle/step-timeouts.ts';
import type { LogLevel } from '../logs/core-logger.ts';
import {
  DEFAULT_LOG_FILE_SIZE_KB,
  DEFAULT_LOG_LEVEL,
  DEFAULT_TOTAL_LOGS_SIZE_KB,
} from '../logs/nucleus-logs.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import { isNucleusFlavour, type NucleusFlavour } from '../platform/nucleus-flavour.ts';
import type { PlatformLabels } from '../recipes/platform-match.ts';

/** The core's AWS IoT Core: the embedded broker (optionally on a fixed port) or a broker URL. */
export interface IotCoreOptions {
  /** mqtt://host:port or mqtts://host:port; absent: the embedded broker on localhost. */
  readonly brokerUrl?: string;
  /** Port of the embedded broker (0: any free port). */
  readonly port?: number;
  /** PEM files for mqtts: the broker's CA, the device certificate, its private key. */
  readonly caFile?: string;
  readonly certFile?: string;
  readonly keyFile?: string;
}

export interface CoreOptions {
  /** The core's folder, like /greengrass/v2 on a device; created if missing. */
  readonly root: string;
  readonly thingName?: string;
  readonly region?: string;
  /** GGC_VERSION and the version of the built-in aws.greengrass.Nucleus and aws.greengrass.Cli. */
  readonly nucleusVersion?: string;
  readonly logLevel?: LogLevel;
  readonly logFileSizeKB?: number;
  readonly totalLogsSizeKB?: number;
  /** SIGTERM to SIGKILL, per stopped component. */
  readonly stopGraceMs?: number;
  /** How long a deployment waits for its components to reach RUNNING or FINISHED. */
  readonly deploymentSettleTimeoutMs?: number;
  readonly stepTimeoutsMs?: Partial<StepTimeoutsMs>;
  /** Mode of `<root>/ipc.socket` (default 0o660; the nucleus uses 0o666). */
  readonly socketMode?: number;
  readonly ipcLimits?: Partial<IpcLimits>;
  /** The environment component processes inherit (default: the core's own). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly clock?: Clock;
  /** Deploy the root components of the last successful deployment again at start (default true). */
  readonly redeployOnStart?: boolean;
  /** Behave as the classic Java nucleus (default) or as nucleus lite (platform/nucleus-flavour.ts). */
  readonly nucleus?: NucleusFlavour;
  /** Platform labels to use instead of the detected ones (the nucleus's `platformOverride`). */
  readonly platformOverride?: PlatformLabels;
  readonly iotCore?: IotCoreOptions;
}

export interface CoreSettings {
  readonly root: string;
  readonly thingName: string;
  readonly region: string;
  readonly nucleusVersion: string;
  readonly logLevel: LogLevel;
  readonly logFileSizeKB: number;
  readonly totalLogsSizeKB: number;
  readonly stopGraceMs: number;
  readonly deploymentSettleTimeoutMs: number;
  readonly stepTimeoutsMs: Partial<StepTimeoutsMs>;
  readonly socketMode: number | undefined;
  readonly ipcLimits: Partial<IpcLimits>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly clock: Clock;
  readonly redeployOnStart: boolean;
  readonly nucleus: NucleusFlavour;
  readonly platformOverride: PlatformLabels;
  readonly iotCore: IotCoreOptions;
}

/** Defaults every option and checks each one; CORE_OPTIONS_INVALID lists every problem. */
export function resolveCoreSettings(options: CoreOptions): CoreSettings {
  const problems: string[] = [];
  const text = (name: string, value: string | undefined, fallback: string): string => {
    if (value === undefined) return fallback;
    if (typeof value !== 'string' || value.trim() === '') problems.push(`${name} must be a non-empty string`);
    return value;
  };
  const positive = (name: string, value: number | undefined, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!Number.isSafeInteger(value) || value <= 0)
      problems.push(`${name} must be a positive integer, got ${value}`);
    return value;
  };
  const settings: CoreSettings = Object.freeze({
    root: typeof options.root === 'string' && options.root.trim() !== '' ? path.resolve(options.root) : '',
    thingName: text('thingName', options.thingName, DEFAULT_THING_NAME),
    region: text('region', options.region, DEFAULT_REGION),
    nucleusVersion: text('nucleusVersion', options.nucleusVersion, DEFAULT_NUCLEUS_VERSION),
    logLevel: options.logLevel ?? DEFAULT_LOG_LEVEL,
    logFileSizeKB: positive('logFileSizeKB', options.logFileSizeKB, DEFAULT_LOG_FILE_SIZE_KB),
    totalLogsSizeKB: positive('totalLogsSizeKB', options.totalLogsSizeKB, DEFAULT_TOTAL_LOGS_SIZE_KB),
    stopGraceMs: positive('stopGraceMs', options.stopGraceMs, DEFAULT_STOP_GRACE_MS),
    deploymentSettleTimeoutMs: positive(
      'deploymentSettleTimeoutMs',
      options.deploymentSettleTimeoutMs,
      DEFAULT_DEPLOYMENT_SETTLE_TIMEOUT_MS,
    ),
    stepTimeoutsMs: { ...options.stepTimeoutsMs },
    socketMode: options.socketMode,
    ipcLimits: { ...options.ipcLimits },
    env: options.env ?? process.env,
    clock: options.clock ?? systemClock,
    redeployOnStart: options.redeployOnStart ?? true,
    nucleus: options.nucleus ?? 'classic',
    platformOverride: { ...options.platformOverride },
    iotCore: { ...options.iotCore },
  });
  const { brokerUrl, port } = settings.iotCore;
  if (brokerUrl !== undefined && !/^mqtts?:\/\/[^/\s]+$/.test(brokerUrl))
    problems.push(`iotCore.brokerUrl must be mqtt://host:port or mqtts://host:port, got ${brokerUrl}`);
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535))
    problems.push(`iotCore.port must be 0 to 65535, got ${port}`);
  if (!isNucleusFlavour(settings.nucleus))
    problems.push(`nucleus must be classic or lite, got ${String(settings.nucleus)}`);
  if (settings.root === '') problems.push('root must be a folder path');
  if (problems.length > 0) {
    throw new CoreError('CORE_OPTIONS_INVALID', `invalid local core options: ${problems.join('; ')}`, {
      details: { problems },
    });
  }
  return settings;
}
