// startCore: the local Greengrass core in one object (emulator/README.md). It wires, in order:
//   folders ─▶ nucleus-format logs ─▶ IPC server on <root>/ipc.socket ─▶ built-in components
//   ─▶ stored configuration ─▶ service manager (lifecycle) ─▶ local deployments ─▶ CLI service
//   operations ─▶ the CLI's token file ─▶ redeploy the stored root components
// and closes in this order: no new deployments, stop components (SIGTERM,
// SIGKILL after the grace period), revoke the CLI's token, flush state and logs, remove the socket.

import fs from 'node:fs';
import path from 'node:path';
import { registerCliOperations } from '../cli-service/index.ts';
import { ComponentStore } from '../deployment/component-store.ts';
import { parseDeploymentRequest } from '../deployment/deployment-request.ts';
import { LocalDeployments } from '../deployment/local-deployments.ts';
import { type IpcServer, startIpcServer } from '../ipc/server.ts';
import type { ComponentState } from '../lifecycle/component-state.ts';
import { FileInstallLedger } from '../lifecycle/install-ledger.ts';
import { endLeftoverProcesses, findLeftoverProcesses } from '../lifecycle/leftover-processes.ts';
import { signalProcessGroup } from '../lifecycle/live-process-groups.ts';
import { ServiceManager } from '../lifecycle/service-manager.ts';
import type { LogLevel } from '../logs/core-logger.ts';
import { type NucleusLogs, openNucleusLogs } from '../logs/nucleus-logs.ts';
import { type CorePaths, corePaths } from '../platform/core-paths.ts';
import { detectPlatform } from '../platform/detect-platform.ts';
import { nucleusBehaviour } from '../platform/nucleus-flavour.ts';
import { builtinComponents, CLI_COMPONENT, CLI_CONFIGURATION } from './builtin-components.ts';
import { removeCliIpcInfo, writeCliIpcInfo } from './cli-ipc-info.ts';
import { configurationBridge } from './configuration-bridge.ts';
import { ConfigurationFile } from './configuration-file.ts';
import { type CoreOptions, type CoreSettings, resolveCoreSettings } from './core-options.ts';
import { type IotCoreConnection, openIotCore } from './iot-core-connection.ts';
import type { LocalCore } from './local-core.ts';

const KERNEL_LOGGER = 'com.aws.greengrass.lifecyclemanager.Kernel';

export async function startCore(options: CoreOptions): Promise<LocalCore> {
  const settings = resolveCoreSettings(options);
  const paths = corePaths(settings.root);
  for (const dir of [paths.root, paths.config, paths.workRoot]) fs.mkdirSync(dir, { recursive: true });
  const logs = openNucleusLogs({
    logsDir: paths.logs,
    level: settings.logLevel,
    fileSizeKB: settings.logFileSizeKB,
    totalLogsSizeKB: settings.totalLogsSizeKB,
    clock: settings.clock,
  });
  const log = (level: LogLevel, event: string, message: string, context = {}, error?: unknown) =>
    logs.greengrass.log({ level, thread: 'main', logger: KERNEL_LOGGER, event, message, context, error });
  let ipc: IpcServer;
  let iotCore: IotCoreConnection;
  try {
    iotCore = await openIotCore(settings.iotCore, settings.thingName, log);
  } catch (error) {
    log('ERROR', 'core-start-failed', 'The AWS IoT Core broker did not start', {}, error);
    await logs.close();
    throw error;
  }
  try {
    const nucleus = nucleusBehaviour(settings.nucleus);
    ipc = await startIpcServer({
      iotCore: iotCore.link,
      socketPath: paths.ipcSocket,
      logger: logs.greengrass,
      nucleus,
      limits: {
        ...(nucleus.maxIpcFrameBytes === undefined ? {} : { maxFrameBytes: nucleus.maxIpcFrameBytes }),
        ...settings.ipcLimits,
      },
      ...(settings.socketMode === undefined ? {} : { socketMode: settings.socketMode }),
    });
  } catch (error) {
    log('ERROR', 'core-start-failed', 'The IPC server did not start', {}, error);
    await iotCore.close();
    await logs.close();
    throw error;
  }
  // Components a previous core on this root left running (it was killed) end before any starts.
  const leftovers = findLeftoverProcesses(paths.ipcSocket);
  if (leftovers.length > 0) {
    const groups = await endLeftoverProcesses(leftovers, settings.stopGraceMs, signalProcessGroup);
    log('WARN', 'leftover-components-ended', 'Ended component processes a previous core left running', {
      processGroups: groups.join(','),
    });
  }
  try {
    return await wireCore(settings, paths, logs, ipc, iotCore, log);
  } catch (error) {
    log('ERROR', 'core-start-failed', 'The local core did not start', {}, error);
    await ipc.close();
    await iotCore.close();
    await logs.close();
    throw error;
  }
}

type CoreLog = (
  level: LogLevel,
  event: string,
  message: string,
  context?: Record<string, string>,
  error?: unknown,
) => void;

async function wireCore(
  settings: CoreSettings,
  paths: CorePaths,
  logs: NucleusLogs,
  ipc: IpcServer,
  iotCore: IotCoreConnection,
  log: CoreLog,
): Promise<LocalCore> {
  const nucleus = nucleusBehaviour(settings.nucleus);
  const platform = detectPlatform({ runtime: nucleus.runtimeLabel, ...settings.platformOverride });
  const builtins = builtinComponents(settings.nucleusVersion);
  const builtinNames = new Set(builtins.map((b) => b.name));
  ipc.configuration.replace(CLI_COMPONENT, CLI_CONFIGURATION);

  const configurationFile = new ConfigurationFile({
    configDir: paths.config,
    store: ipc.configuration,
    exclude: builtinNames,
    onProblem: (message, error) => log('WARN', 'configuration-file-problem', message, {}, error),
  });
  configurationFile.load();
  configurationFile.watch();

  const manager = new ServiceManager({
    paths,
    core: {
      ipcSocketPath: paths.ipcSocket,
      region: settings.region,
      thingName: settings.thingName,
      rootCaPath: '',
      nucleusVersion: settings.nucleusVersion,
      // docs/ipc-protocol.md#component-environment: the nucleus's global setenv also says whether FIPS mode is on.
      setenv: { AWS_USE_FIPS_ENDPOINT: 'false', AWS_GG_FIPS_MODE: 'false' },
    },
    tokens: ipc.tokens,
    ledger: new FileInstallLedger(path.join(paths.config, 'install-ledger.json')),
    logs,
    builtins,
    clock: settings.clock,
    stopGraceMs: settings.stopGraceMs,
    stepTimeoutsMs: settings.stepTimeoutsMs,
    settleTimeoutMs: settings.deploymentSettleTimeoutMs,
    inheritedEnv: settings.env,
  });
  const stopStateReports = ipc.onStateReported((component, state) => manager.reportState(component, state));

  const deployments = new LocalDeployments({
    paths,
    store: new ComponentStore(paths, logs.greengrass),
    target: manager,
    configurations: configurationBridge(ipc.configuration),
    platform,
    nucleus,
    thingName: settings.thingName,
    builtins: new Map(builtins.map((b) => [b.name, b.version])),
    logger: logs.greengrass,
    clock: settings.clock,
  });

  let closing: Promise<void> | undefined;
  registerCliOperations(ipc, {
    artifactStore: paths.artifactsRoot,
    deployments,
    components: manager,
    configuration: (name) => {
      const found = ipc.configuration.get(name);
      return found?.kind === 'container' ? found.value : undefined;
    },
    logger: logs.greengrass,
    isClosing: () => closing !== undefined,
  });
  const cliIpcInfoFile = writeCliIpcInfo(paths.root, {
    cli_auth_token: ipc.tokens.issue(CLI_COMPONENT),
    domain_socket_path: paths.ipcSocket,
  });

  log('INFO', 'core-started', 'Local Greengrass core started', {
    rootPath: paths.root,
    ipcSocket: paths.ipcSocket,
    iotCore: iotCore.url,
    thingName: settings.thingName,
    nucleusVersion: settings.nucleusVersion,
    nucleus: settings.nucleus,
    platform: Object.entries(platform)
      .map(([key, value]) => `${key}=${value}`)
      .join(','),
  });
  let startupDeploymentId: string | undefined;
  if (settings.redeployOnStart && deployments.roots.size > 0) {
    startupDeploymentId = deployments.create(parseDeploymentRequest({})).id;
    log('INFO', 'core-redeploy', 'Deploying the stored root components again', {
      DeploymentId: startupDeploymentId,
      rootComponents: [...deployments.roots].map(([name, version]) => `${name}=${version}`).join(','),
    });
  }

  const waitForState: LocalCore['waitForState'] = (name, wanted, timeoutMs) => {
    const matches = typeof wanted === 'function' ? wanted : (state: ComponentState) => state === wanted;
    const current = manager.status(name)?.state;
    if (current !== undefined && matches(current)) return Promise.resolve(current);
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              off();
              const now = manager.status(name)?.state ?? 'not deployed';
              reject(
                new Error(`${name} did not reach the expected state within ${timeoutMs} ms (it is ${now})`),
              );
            }, timeoutMs);
      const off = manager.onStateChange((change) => {
        if (change.name !== name || !matches(change.to)) return;
        off();
        clearTimeout(timer);
        resolve(change.to);
      });
    });
  };

  return {
    root: paths.root,
    paths,
    nucleus: settings.nucleus,
    platform,
    socketPath: paths.ipcSocket,
    iotCoreUrl: iotCore.url,
    iotCoreEmbedded: iotCore.embedded,
    cliIpcInfoFile,
    ipc,
    startupDeploymentId,
    deploy: (request) => deployments.create(parseDeploymentRequest(request)),
    deployment: (id) => deployments.get(id),
    deployments: () => deployments.list(),
    deploymentSettled: (id) => deployments.settled(id),
    onDeploymentStatus: (listener) => deployments.onStatusChange(listener),
    components: () => manager.list(),
    component: (name) => manager.status(name),
    onStateChange: (listener) => manager.onStateChange(listener),
    onComponentOutput: (listener) => manager.onOutput(listener),
    restartComponent: (name) => manager.restart(name),
    waitForState,
    dropAllConnections: (reason) => ipc.dropAllConnections(reason),
    async restartIpcServer() {
      await ipc.restart();
      if (!nucleus.ipcRestartInvalidatesTokens) return;
      const forgotten = ipc.tokens.holders().filter((name) => name !== CLI_COMPONENT);
      for (const name of forgotten) ipc.tokens.revoke(name);
      log('INFO', 'ipc-tokens-forgotten', 'The IPC server restarted: every component token is invalid', {
        components: forgotten.join(','),
      });
    },
    close() {
      closing ??= (async () => {
        log('INFO', 'core-shutdown', 'Local Greengrass core shutting down: stopping every component');
        const deploymentsClosed = deployments.close(); // queued ones fail as cancelled
        await manager.close(); // also cancels the running deployment's wait
        await deploymentsClosed;
        stopStateReports();
        ipc.tokens.revoke(CLI_COMPONENT);
        removeCliIpcInfo(cliIpcInfoFile);
        configurationFile.close();
        await ipc.close();
        await iotCore.close();
        log('INFO', 'core-stopped', 'Local Greengrass core stopped');
        await logs.close();
      })();
      return closing;
    },
  };
}
