// Which nucleus the local core behaves as. AWS ships two: the classic Java nucleus and nucleus
// lite (C, repository aws-greengrass/aws-greengrass-lite). A component that runs on one may be
// refused or behave differently on the other; `--nucleus lite` makes the local core behave as
// lite 2.6.0 does wherever a component could notice (docs/nucleus-flavours.md lists each fact
// with the lite source file it comes from). Pure data: each part of the core reads the field it
// needs.

export type NucleusFlavour = 'classic' | 'lite';

export const NUCLEUS_FLAVOURS: readonly NucleusFlavour[] = ['classic', 'lite'];

export interface NucleusBehaviour {
  readonly flavour: NucleusFlavour;
  /** The `runtime` platform label manifests are matched against. */
  readonly runtimeLabel: string;
  /** Lite skips a manifest whose Platform has no `runtime` key (ggl-recipe/src/recipe.c). */
  readonly manifestNeedsRuntimeKey: boolean;
  /**
   * Lite finds lifecycle steps only as lowercase keys and `Setenv`, `Script`, `Timeout`,
   * `RequiresPrivilege` only as written here (recipe2unit, recipe-runner); the classic nucleus
   * reads every recipe key case-insensitively.
   */
  readonly caseSensitiveLifecycleKeys: boolean;
  /** `{dep:artifacts:path}` and the like: lite interpolates only a component's own variables. */
  readonly crossComponentVariables: boolean;
  /** Lite ends {artifacts:path}, {artifacts:decompressedPath} and {work:path} with `/`. */
  readonly pathVariablesEndWithSlash: boolean;
  /** Lite's local deployments copy artifacts but never unarchive them (ggdeploymentd). */
  readonly unarchiveOnLocalDeployment: boolean;
  /** Largest IPC frame in either direction (lite: GGL_IPC_MAX_MSG_LEN, 10,000 bytes). */
  readonly maxIpcFrameBytes?: number;
  /** What happens to a delivery larger than a frame: refuse the publish, or drop it silently (lite). */
  readonly oversizeDelivery: 'refuse-publisher' | 'drop-silently';
  /** Lite's SubscribeToTopic reads only `topic`: own messages are always delivered. */
  readonly honoursReceiveMode: boolean;
  /** Lite re-encodes JSON messages with their object keys sorted. */
  readonly sortsJsonKeys: boolean;
  /**
   * Lite decodes each delivery into a fixed arena (core-bus client_subscribe.c,
   * PAYLOAD_MAX_SUBOBJECTS 50): a JSON message with more values is silently not delivered.
   */
  readonly maxDeliveredJsonValues?: number;
  /** Restarting lite's IPC daemon (ggipcd) forgets every component token. */
  readonly ipcRestartInvalidatesTokens: boolean;
  /** Lite refuses a bad token by closing the socket; the classic nucleus sends a rejected ConnectAck. */
  readonly refusesConnectByClosing: boolean;
}

export const CLASSIC_NUCLEUS: NucleusBehaviour = Object.freeze({
  flavour: 'classic',
  runtimeLabel: 'aws_nucleus_classic',
  manifestNeedsRuntimeKey: false,
  caseSensitiveLifecycleKeys: false,
  crossComponentVariables: true,
  pathVariablesEndWithSlash: false,
  unarchiveOnLocalDeployment: true,
  oversizeDelivery: 'refuse-publisher',
  honoursReceiveMode: true,
  sortsJsonKeys: false,
  ipcRestartInvalidatesTokens: false,
  refusesConnectByClosing: false,
});

export const LITE_NUCLEUS: NucleusBehaviour = Object.freeze({
  flavour: 'lite',
  runtimeLabel: 'aws_nucleus_lite',
  manifestNeedsRuntimeKey: true,
  caseSensitiveLifecycleKeys: true,
  crossComponentVariables: false,
  pathVariablesEndWithSlash: true,
  unarchiveOnLocalDeployment: false,
  maxIpcFrameBytes: 10_000,
  oversizeDelivery: 'drop-silently',
  honoursReceiveMode: false,
  sortsJsonKeys: true,
  maxDeliveredJsonValues: 50,
  ipcRestartInvalidatesTokens: true,
  refusesConnectByClosing: true,
});

export function nucleusBehaviour(flavour: NucleusFlavour): NucleusBehaviour {
  return flavour === 'lite' ? LITE_NUCLEUS : CLASSIC_NUCLEUS;
}

export function isNucleusFlavour(value: string): value is NucleusFlavour {
  return (NUCLEUS_FLAVOURS as readonly string[]).includes(value);
}
