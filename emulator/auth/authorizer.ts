// The authorization decision, as one injected function with a deny default.
// Policies are read from the caller's own `accessControl` configuration on every call, so a
// changed policy applies at once (docs/ipc-protocol.md#pubsub-authorization); parsing is cached per configuration node, and
// the store replaces a node whenever anything below it changes.

import type { ConfigNode } from '../config/config-tree.ts';
import { configNodeToJson } from '../config/config-tree.ts';
import { ANY_OPERATION, type Policy, parseServicePolicies } from './policy.ts';
import { matchesResourcePattern, type ResourcePattern } from './resource-glob.ts';

export interface Authorizer {
  isAllowed(principal: string, serviceId: string, operation: string, resource: string): boolean;
}

export interface AccessControlAuthorizerOptions {
  /** The principal's `accessControl` configuration node, if any. */
  lookupAccessControl(principal: string): ConfigNode | undefined;
  /** Valid operations per IPC service id (`*` is always valid). */
  readonly serviceOperations: ReadonlyMap<string, ReadonlySet<string>>;
  /** Called once per parse for every skipped policy part. */
  onPolicyProblem(principal: string, problem: string): void;
  /** How a service matches a policy resource against the requested one (default: the glob). */
  readonly resourceMatchers?: ReadonlyMap<string, (pattern: ResourcePattern, resource: string) => boolean>;
}

export function createAccessControlAuthorizer(options: AccessControlAuthorizerOptions): Authorizer {
  const cache = new WeakMap<ConfigNode, Map<string, readonly Policy[]>>();

  function policiesOf(principal: string, serviceId: string): readonly Policy[] {
    const node = options.lookupAccessControl(principal);
    if (!node) return [];
    let byService = cache.get(node);
    if (!byService) {
      byService = new Map();
      cache.set(node, byService);
    }
    let policies = byService.get(serviceId);
    if (!policies) {
      const parsed = parseServicePolicies(
        configNodeToJson(node),
        serviceId,
        options.serviceOperations.get(serviceId) ?? new Set(),
      );
      for (const problem of parsed.problems) options.onPolicyProblem(principal, problem);
      policies = parsed.policies;
      byService.set(serviceId, policies);
    }
    return policies;
  }

  return {
    isAllowed(principal, serviceId, operation, resource) {
      const matches = options.resourceMatchers?.get(serviceId) ?? matchesResourcePattern;
      return policiesOf(principal, serviceId).some(
        (policy) =>
          (policy.operations.has(operation) || policy.operations.has(ANY_OPERATION)) &&
          policy.resources.some((pattern) => matches(pattern, resource)),
      );
    },
  };
}
