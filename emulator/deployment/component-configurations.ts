// Where deployments read and write each component's configuration. The IPC server's per-component
// configuration store implements this in the core (GetConfiguration and friends read it); the
// in-memory one serves tests and a core without IPC.

import { cloneJson, type JsonObject } from '../util/json.ts';

export interface ComponentConfigurations {
  read(componentName: string): Readonly<JsonObject> | undefined;
  /** Replaces the whole configuration (a deployment computed it per docs/greengrass-behaviour.md#deployment-configuration-updates). */
  replace(componentName: string, configuration: JsonObject): void;
  remove(componentName: string): void;
}

export class MemoryComponentConfigurations implements ComponentConfigurations {
  readonly #configurations = new Map<string, JsonObject>();

  read(componentName: string): Readonly<JsonObject> | undefined {
    const configuration = this.#configurations.get(componentName);
    return configuration === undefined ? undefined : cloneJson(configuration);
  }

  replace(componentName: string, configuration: JsonObject): void {
    this.#configurations.set(componentName, cloneJson(configuration));
  }

  remove(componentName: string): void {
    this.#configurations.delete(componentName);
  }
}
