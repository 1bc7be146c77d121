// What a running local core offers its owner (the `start` command, tests, scripts). The
// greengrass-cli operations reach the same things over IPC (emulator/cli-service).

import type { DeploymentRecord } from '../deployment/deployment-record.ts';
import type { IpcServer } from '../ipc/server.ts';
import type { ComponentOutput, StateChange } from '../lifecycle/component-spec.ts';
import type { ComponentState } from '../lifecycle/component-state.ts';
import type { ComponentStatus } from '../lifecycle/service-manager.ts';
import type { CorePaths } from '../platform/core-paths.ts';
import type { NucleusFlavour } from '../platform/nucleus-flavour.ts';
import type { PlatformLabels } from '../recipes/platform-match.ts';

export interface LocalCore {
  readonly root: string;
  readonly paths: CorePaths;
  /** Which nucleus this core behaves as. */
  readonly nucleus: NucleusFlavour;
  /** The platform labels manifests are selected by (overrides applied). */
  readonly platform: PlatformLabels;
  /** `<root>/ipc.socket` */
  readonly socketPath: string;
  /** The MQTT broker standing for AWS IoT Core (mqtt://127.0.0.1:<port> when embedded). */
  readonly iotCoreUrl: string;
  readonly iotCoreEmbedded: boolean;
  /** `<root>/cli_ipc_info/user-<uid>`: the Greengrass CLI's token and the socket path. */
  readonly cliIpcInfoFile: string;
  /** The IPC server (tokens, configuration store, connection counts) for tests and tools. */
  readonly ipc: Pick<
    IpcServer,
    'tokens' | 'configuration' | 'connectionCount' | 'subscriptionCount' | 'socketPath'
  >;
  /** The redeployment of the stored root components at start, if there was one. */
  readonly startupDeploymentId: string | undefined;

  /** Queues a local deployment (the CreateLocalDeployment request shape of deployment-request.ts). */
  deploy(request: unknown): DeploymentRecord;
  deployment(id: string): DeploymentRecord | undefined;
  /** Most recent first. */
  deployments(): readonly DeploymentRecord[];
  /** Resolves with the record once the deployment SUCCEEDED or FAILED. */
  deploymentSettled(id: string): Promise<DeploymentRecord>;
  onDeploymentStatus(listener: (record: DeploymentRecord) => void): () => void;

  /** Every component, built-ins included, as `component list` shows them (with the pid of a running one). */
  components(): readonly ComponentStatus[];
  component(name: string): ComponentStatus | undefined;
  onStateChange(listener: (change: StateChange) => void): () => void;
  /** `component restart`: false when the component is BROKEN or unknown. */
  restartComponent(name: string): boolean;
  /** Every line a component's steps write to stdout or stderr, as the core logs it. */
  onComponentOutput(listener: (output: ComponentOutput) => void): () => void;
  /**
   * Resolves once the component's state is `state` (or satisfies the predicate), at once if it
   * already does; rejects after `timeoutMs` (a failure guard), naming the state it was in.
   */
  waitForState(
    name: string,
    state: ComponentState | ((state: ComponentState) => boolean),
    timeoutMs?: number,
  ): Promise<ComponentState>;

  /** Fault hook: closes every IPC connection; component processes keep running. Returns how many. */
  dropAllConnections(reason?: string): number;
  /**
   * Fault hook: the IPC server stops and listens again on the same socket. On the lite flavour
   * every component token is forgotten, as when nucleus lite's ggipcd restarts: running
   * components are refused until the core restarts them with a new token.
   */
  restartIpcServer(): Promise<void>;
  /** Stops every component (SIGTERM, SIGKILL after the grace period), flushes logs, removes the socket; idempotent. */
  close(): Promise<void>;
}
