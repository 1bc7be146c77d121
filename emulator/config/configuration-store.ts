// Every component's configuration (the nucleus's `services.<name>.configuration`), with change
// notifications. The IPC configuration operations, the authorizer (accessControl) and, later,
// deployments all go through here. No I/O: persistence is the owner's business.

import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';
import { ListenerSet, type Unsubscribe } from '../util/listener-set.ts';
import {
  type ConfigContainer,
  type ConfigNode,
  configNodeFromJson,
  configNodeToJson,
  diffConfig,
  emptyContainer,
  findConfigNode,
  type KeyPath,
  mergeConfig,
} from './config-tree.ts';

export interface ConfigChange {
  readonly component: string;
  /** Path of the changed node relative to the component's configuration root. */
  readonly keyPath: KeyPath;
}

/** What a key path names: an interior node (as an object) or a leaf (its key and value). */
export type ConfigLookup =
  | { readonly kind: 'container'; readonly value: JsonObject }
  | { readonly kind: 'leaf'; readonly key: string; readonly value: JsonValue };

export interface MergeResult {
  /** Whether the node at the key path existed before the merge. */
  readonly existed: boolean;
  /** Modification time of the node at the key path after the merge. */
  readonly modifiedMs: number;
  readonly changedPaths: readonly KeyPath[];
}

export class ConfigurationStore {
  readonly #trees = new Map<string, ConfigContainer>();
  readonly #changes: ListenerSet<ConfigChange>;

  constructor(onListenerError: (error: unknown) => void = () => {}) {
    this.#changes = new ListenerSet(onListenerError);
  }

  has(component: string): boolean {
    return this.#trees.has(component);
  }

  components(): string[] {
    return [...this.#trees.keys()];
  }

  /** The node at `keyPath` (empty: the root); its identity changes whenever it changes. */
  node(component: string, keyPath: KeyPath = []): ConfigNode | undefined {
    const root = this.#trees.get(component);
    return root && findConfigNode(root, keyPath);
  }

  get(component: string, keyPath: KeyPath = []): ConfigLookup | undefined {
    const node = this.node(component, keyPath);
    if (!node) return undefined;
    const value = configNodeToJson(node);
    if (node.kind === 'container' && isJsonObject(value)) return { kind: 'container', value };
    return { kind: 'leaf', key: keyPath[keyPath.length - 1] ?? '', value };
  }

  /** Merges `value` at `keyPath` (MERGE semantics, config-tree.ts); creates the component if new. */
  merge(
    component: string,
    keyPath: KeyPath,
    value: JsonObject,
    timestampMs: number = Date.now(),
  ): MergeResult {
    const before = this.#trees.get(component) ?? emptyContainer(timestampMs);
    const existed = findConfigNode(before, keyPath) !== undefined;
    const { root, changedPaths } = mergeConfig(before, keyPath, value, timestampMs);
    this.#trees.set(component, root);
    for (const path of changedPaths) this.#changes.emit({ component, keyPath: path });
    const modifiedMs = findConfigNode(root, keyPath)?.modifiedMs ?? timestampMs;
    return { existed, modifiedMs, changedPaths };
  }

  /** Replaces a component's whole configuration (a deployment); reports every differing path. */
  replace(
    component: string,
    configuration: JsonObject,
    timestampMs: number = Date.now(),
  ): readonly KeyPath[] {
    const before = this.#trees.get(component);
    const after = configNodeFromJson(configuration, timestampMs) as ConfigContainer;
    this.#trees.set(component, after);
    const changedPaths = diffConfig(before, after);
    for (const path of changedPaths) this.#changes.emit({ component, keyPath: path });
    return changedPaths;
  }

  /** Forgets a component's configuration (the component was removed). */
  remove(component: string): boolean {
    const before = this.#trees.get(component);
    if (!before) return false;
    this.#trees.delete(component);
    for (const path of diffConfig(before, emptyContainer(0)))
      this.#changes.emit({ component, keyPath: path });
    return true;
  }

  onChange(listener: (change: ConfigChange) => void): Unsubscribe {
    return this.#changes.add(listener);
  }
}
