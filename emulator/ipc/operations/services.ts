// What the built-in operation handlers share: the broker, the authorizer, the configuration
// store, the token registry and the lifecycle-state sink.

import type { Authorizer } from '../../auth/authorizer.ts';
import type { TokenRegistry } from '../../auth/tokens.ts';
import type { ConfigurationStore } from '../../config/configuration-store.ts';
import type { IotCoreLink } from '../../iotcore/iot-core-link.ts';
import type { NucleusBehaviour } from '../../platform/nucleus-flavour.ts';
import type { Broker } from '../../pubsub/broker.ts';

/** States a component may report through UpdateState (SDK enum ReportedLifecycleState). */
export const REPORTED_STATES = ['RUNNING', 'ERRORED'] as const;
export type ReportedState = (typeof REPORTED_STATES)[number];

export interface IpcServices {
  readonly broker: Broker;
  readonly authorizer: Authorizer;
  readonly configuration: ConfigurationStore;
  readonly tokens: TokenRegistry;
  readonly maxFrameBytes: number;
  /** The nucleus whose pub/sub quirks the handlers reproduce. */
  readonly nucleus: NucleusBehaviour;
  /** Open SubscribeToConfigurationUpdate streams (the broker counts topic subscriptions). */
  readonly configurationSubscriptions: { count: number };
  reportState(component: string, state: ReportedState): void;
  /** The core's connection to (its stand-in for) AWS IoT Core; absent: IoT Core operations fail. */
  readonly iotCore?: IotCoreLink;
}
