// A component's configuration as an immutable tree with a modification time on every node, like
// the nucleus's Topics/Topic (docs/ipc-protocol.md#getconfiguration). Every operation returns a new root and shares
// the untouched branches, so a node keeps its identity exactly as long as nothing below it
// changes (the authorizer caches parsed policies on that identity). Objects become containers;
// everything else (scalars, arrays, null) is a leaf.

import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';

export interface ConfigLeaf {
  readonly kind: 'leaf';
  readonly value: JsonValue;
  readonly modifiedMs: number;
}

export interface ConfigContainer {
  readonly kind: 'container';
  readonly children: ReadonlyMap<string, ConfigNode>;
  readonly modifiedMs: number;
}

export type ConfigNode = ConfigLeaf | ConfigContainer;
export type KeyPath = readonly string[];

export function emptyContainer(modifiedMs: number): ConfigContainer {
  return { kind: 'container', children: new Map(), modifiedMs };
}

export function configNodeFromJson(value: JsonValue, modifiedMs: number): ConfigNode {
  if (!isJsonObject(value)) return { kind: 'leaf', value, modifiedMs };
  const children = new Map<string, ConfigNode>();
  for (const [key, child] of Object.entries(value)) children.set(key, configNodeFromJson(child, modifiedMs));
  return { kind: 'container', children, modifiedMs };
}

export function configNodeToJson(node: ConfigNode): JsonValue {
  if (node.kind === 'leaf') return node.value;
  const object: JsonObject = {};
  for (const [key, child] of node.children) object[key] = configNodeToJson(child);
  return object;
}

export function findConfigNode(root: ConfigNode, keyPath: KeyPath): ConfigNode | undefined {
  let node: ConfigNode | undefined = root;
  for (const key of keyPath) {
    if (node?.kind !== 'container') return undefined;
    node = node.children.get(key);
  }
  return node;
}

export interface MergeOutcome {
  readonly root: ConfigContainer;
  /** Paths of the leaves whose value changed and of nodes whose kind changed, in merge order. */
  readonly changedPaths: readonly KeyPath[];
}

/**
 * Merges `value` into the container at `keyPath` (created when missing) with MERGE semantics
 * (docs/greengrass-behaviour.md#deployment-configuration-updates): objects merge key by key; anything else replaces the node. A
 * write older than the node it would replace (timestampMs < modifiedMs) is skipped, like the
 * nucleus's `withNewerValue`.
 */
export function mergeConfig(
  root: ConfigContainer,
  keyPath: KeyPath,
  value: JsonObject,
  timestampMs: number,
): MergeOutcome {
  const changedPaths: KeyPath[] = [];
  const merged = mergeAlongPath(root, keyPath, 0, value, timestampMs, changedPaths);
  return { root: merged, changedPaths };
}

function mergeAlongPath(
  container: ConfigContainer,
  keyPath: KeyPath,
  depth: number,
  value: JsonObject,
  timestampMs: number,
  changedPaths: KeyPath[],
): ConfigContainer {
  const key = keyPath[depth];
  if (key === undefined) return mergeObject(container, value, timestampMs, keyPath, changedPaths);
  const existing = container.children.get(key);
  let base: ConfigContainer;
  if (existing?.kind === 'container') {
    base = existing;
  } else {
    if (existing && timestampMs < existing.modifiedMs) return container;
    if (existing) changedPaths.push(keyPath.slice(0, depth + 1));
    base = emptyContainer(timestampMs);
  }
  const merged = mergeAlongPath(base, keyPath, depth + 1, value, timestampMs, changedPaths);
  return merged === existing ? container : withChild(container, key, merged);
}

function mergeObject(
  container: ConfigContainer,
  value: JsonObject,
  timestampMs: number,
  path: KeyPath,
  changedPaths: KeyPath[],
): ConfigContainer {
  let result = container;
  for (const [key, incoming] of Object.entries(value)) {
    const childPath = [...path, key];
    const existing = result.children.get(key);
    let next: ConfigNode | undefined;
    if (
      existing &&
      timestampMs < existing.modifiedMs &&
      (existing.kind === 'leaf' || !isJsonObject(incoming))
    ) {
      continue;
    }
    if (isJsonObject(incoming)) {
      const base = existing?.kind === 'container' ? existing : emptyContainer(timestampMs);
      if (existing?.kind === 'leaf') changedPaths.push(childPath);
      next = mergeObject(base, incoming, timestampMs, childPath, changedPaths);
    } else if (existing?.kind === 'leaf' && jsonEquals(existing.value, incoming)) {
      // Same value, newer time: the nucleus reports timestampUpdated, which IPC does not forward.
      next = { kind: 'leaf', value: existing.value, modifiedMs: Math.max(existing.modifiedMs, timestampMs) };
    } else {
      next = { kind: 'leaf', value: incoming, modifiedMs: timestampMs };
      changedPaths.push(childPath);
    }
    if (next !== existing) result = withChild(result, key, next);
  }
  return result;
}

function withChild(container: ConfigContainer, key: string, child: ConfigNode): ConfigContainer {
  const children = new Map(container.children);
  children.set(key, child);
  return { kind: 'container', children, modifiedMs: Math.max(container.modifiedMs, child.modifiedMs) };
}

/**
 * Paths that differ between two trees, as the nucleus reports them to configuration
 * subscribers: changed or added leaves, removed nodes, and nodes whose kind changed.
 */
export function diffConfig(
  before: ConfigNode | undefined,
  after: ConfigNode | undefined,
  path: KeyPath = [],
): KeyPath[] {
  if (before === after) return [];
  if (before?.kind === 'container' && after?.kind === 'container') {
    const paths: KeyPath[] = [];
    for (const [key, child] of after.children)
      paths.push(...diffConfig(before.children.get(key), child, [...path, key]));
    for (const key of before.children.keys()) if (!after.children.has(key)) paths.push([...path, key]);
    return paths;
  }
  if (before === undefined && after?.kind === 'container') {
    return [...after.children].flatMap(([key, child]) => diffConfig(undefined, child, [...path, key]));
  }
  if (before?.kind === 'leaf' && after?.kind === 'leaf' && jsonEquals(before.value, after.value)) return [];
  return [path];
}

export function jsonEquals(left: JsonValue, right: JsonValue): boolean {
  if (left === right) return true;
  if (Array.isArray(left)) {
    return (
      Array.isArray(right) &&
      left.length === right.length &&
      left.every((item, i) => jsonEquals(item, right[i] ?? null))
    );
  }
  if (isJsonObject(left) && isJsonObject(right)) {
    const keys = Object.keys(left);
    return (
      keys.length === Object.keys(right).length &&
      keys.every((key) => key in right && jsonEquals(left[key] ?? null, right[key] ?? null))
    );
  }
  return false;
}
