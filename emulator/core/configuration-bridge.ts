// Deployments write component configuration into the IPC server's store, so GetConfiguration,
// configuration subscriptions and accessControl all see it. A deployment that leaves a
// component's configuration as it was changes nothing: no subscriber is notified and the
// per-node timestamps stay (the store's replace notifies only differing paths anyway).

import { jsonEquals } from '../config/config-tree.ts';
import type { ConfigurationStore } from '../config/configuration-store.ts';
import type { ComponentConfigurations } from '../deployment/component-configurations.ts';
import type { JsonObject } from '../util/json.ts';

export function configurationBridge(store: ConfigurationStore): ComponentConfigurations {
  const read = (componentName: string): JsonObject | undefined => {
    const found = store.get(componentName);
    return found?.kind === 'container' ? found.value : undefined;
  };
  return {
    read,
    replace(componentName, configuration) {
      const current = read(componentName);
      if (current !== undefined && jsonEquals(current, configuration)) return;
      store.replace(componentName, configuration);
    },
    remove(componentName) {
      store.remove(componentName);
    },
  };
}
