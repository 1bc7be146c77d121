// The components the local core provides itself (no recipe, always ready): the nucleus, and the
// Greengrass CLI service that owns the greengrass-cli operations (docs/greengrass-behaviour.md#greengrass-cli).
// Recipes may depend on them; a recipe can never take their names (built-ins shadow recipes in
// the catalog), which is why the CLI client authenticates as `aws.greengrass.Cli` itself.

import type { BuiltinComponent } from '../lifecycle/service-manager.ts';
import type { JsonObject } from '../util/json.ts';

export const NUCLEUS_COMPONENT = 'aws.greengrass.Nucleus';
export const CLI_COMPONENT = 'aws.greengrass.Cli';

/** Nucleus FINISHED and the CLI plugin RUNNING, as `greengrass-cli component list` shows them on a device. */
export function builtinComponents(nucleusVersion: string): readonly BuiltinComponent[] {
  return [
    { name: NUCLEUS_COMPONENT, version: nucleusVersion },
    { name: CLI_COMPONENT, version: nucleusVersion, state: 'RUNNING' },
  ];
}

/**
 * The CLI's configuration: `greengrass-cli pubsub pub/sub` may use any local topic, as the
 * aws.greengrass.Cli recipe's own accessControl allows (CLI 2.10.0+).
 */
export const CLI_CONFIGURATION: JsonObject = {
  accessControl: {
    'aws.greengrass.ipc.pubsub': {
      'aws.greengrass.Cli:pubsub:1': {
        policyDescription: 'greengrass-cli pubsub pub and sub on any local topic',
        operations: ['*'],
        resources: ['*'],
      },
    },
    'aws.greengrass.ipc.mqttproxy': {
      'aws.greengrass.Cli:mqttproxy:1': {
        policyDescription: 'greengrass-cli iotcore pub and sub on any AWS IoT Core topic',
        operations: ['*'],
        resources: ['*'],
      },
    },
  },
};
