// Which version of every component a deployment runs (docs/greengrass-behaviour.md#dependencies; nucleus
// DependencyResolver): root versions are pinned by the request; each dependency gets a stored
// version satisfying every VersionRequirement on it (npm ranges), preferring the version
// already running, then the highest. A requirement discovered after a choice can invalidate
// it, so resolution repeats with everything learnt until the choice is stable.

import semver from 'semver';
import { CoreError } from '../errors/core-error.ts';
import type { ComponentDependency } from '../recipes/recipe-types.ts';

export const MAX_RESOLUTION_ROUNDS = 10;

export interface ComponentCatalog {
  /** Versions available for the name (recipes in the store, or a built-in component). */
  versions(name: string): readonly string[];
  dependencies(name: string, version: string): Readonly<Record<string, ComponentDependency>>;
}

export interface ResolveInput {
  readonly roots: ReadonlyMap<string, string>;
  readonly catalog: ComponentCatalog;
  /** Versions currently deployed, preferred when they still satisfy every requirement. */
  readonly preferred: ReadonlyMap<string, string>;
}

export interface ResolvedVersions {
  readonly versions: ReadonlyMap<string, string>;
  /** Names with every dependency before its dependents. */
  readonly order: readonly string[];
}

interface Requirement {
  readonly range: string;
  readonly by: string;
}

export function resolveVersions(input: ResolveInput): ResolvedVersions {
  const { roots, catalog } = input;
  for (const [name, version] of roots) {
    if (!catalog.versions(name).includes(version)) {
      throw new CoreError(
        'COMPONENT_NOT_FOUND',
        `no recipe for ${name} ${version} in the component store; deploy it with --recipeDir`,
        {
          details: { component: name, version },
        },
      );
    }
  }
  let learnt = new Map<string, Requirement[]>();
  for (let round = 0; round < MAX_RESOLUTION_ROUNDS; round++) {
    const requirements = new Map<string, Requirement[]>();
    const chosen = new Map(roots);
    const queue = [...roots.keys()];
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const version = chosen.get(name) as string;
      for (const [dependency, { versionRequirement }] of Object.entries(
        catalog.dependencies(name, version),
      )) {
        const list = requirements.get(dependency) ?? [];
        list.push({ range: versionRequirement, by: `${name} ${version}` });
        requirements.set(dependency, list);
        if (chosen.has(dependency)) continue;
        chosen.set(
          dependency,
          choose(dependency, unique([...(learnt.get(dependency) ?? []), ...list]), input),
        );
        queue.push(dependency);
      }
    }
    const unmet = [...requirements].filter(([name, list]) =>
      list.some((r) => !satisfies(chosen.get(name), r.range)),
    );
    if (unmet.length === 0) return { versions: chosen, order: dependencyOrder(chosen, catalog) };
    for (const [name, list] of unmet) {
      if (roots.has(name))
        throw conflict(name, list, catalog, `the deployment pins ${name} to ${roots.get(name)}`);
    }
    learnt = mergeRequirements(learnt, requirements);
  }
  throw new CoreError(
    'DEPENDENCY_CONFLICT',
    `component versions did not settle after ${MAX_RESOLUTION_ROUNDS} rounds`,
  );
}

function choose(name: string, requirements: readonly Requirement[], input: ResolveInput): string {
  const available = input.catalog.versions(name);
  if (available.length === 0) {
    const by = requirements.map((r) => r.by).join(', ');
    throw new CoreError(
      'COMPONENT_NOT_FOUND',
      `${name}, required by ${by}, has no recipe in the component store; deploy it with --recipeDir`,
      {
        details: { component: name },
      },
    );
  }
  const candidates = available.filter((version) => requirements.every((r) => satisfies(version, r.range)));
  const preferred = input.preferred.get(name);
  if (preferred !== undefined && candidates.includes(preferred)) return preferred;
  const best = candidates.sort(semver.rcompare)[0];
  if (best === undefined) throw conflict(name, requirements, input.catalog);
  return best;
}

function conflict(
  name: string,
  requirements: readonly Requirement[],
  catalog: ComponentCatalog,
  note?: string,
): CoreError {
  const wanted = requirements.map((r) => `${r.range} (required by ${r.by})`).join(' and ');
  const stored = catalog.versions(name).join(', ') || 'none';
  return new CoreError(
    'DEPENDENCY_CONFLICT',
    `no version of ${name} satisfies ${wanted}; stored versions: ${stored}${note ? `; ${note}` : ''}`,
    {
      details: { component: name, requirements },
    },
  );
}

function unique(requirements: readonly Requirement[]): Requirement[] {
  const seen = new Set<string>();
  return requirements.filter((r) => {
    const key = `${r.range}\u0000${r.by}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function satisfies(version: string | undefined, range: string): boolean {
  return version !== undefined && semver.satisfies(version, range);
}

function mergeRequirements(
  a: Map<string, Requirement[]>,
  b: Map<string, Requirement[]>,
): Map<string, Requirement[]> {
  const merged = new Map(a);
  for (const [name, list] of b) merged.set(name, [...(merged.get(name) ?? []), ...list]);
  return merged;
}

/** Kahn's algorithm over the chosen versions; a leftover means a cycle. */
function dependencyOrder(chosen: ReadonlyMap<string, string>, catalog: ComponentCatalog): string[] {
  const pending = new Map(
    [...chosen].map(([name, version]) => [name, new Set(Object.keys(catalog.dependencies(name, version)))]),
  );
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending]
      .filter(([, deps]) => [...deps].every((d) => !pending.has(d)))
      .map(([name]) => name);
    if (ready.length === 0) {
      const members = [...pending.keys()].sort().join(', ');
      throw new CoreError('DEPENDENCY_CYCLE', `components depend on each other in a circle: ${members}`, {
        details: { components: [...pending.keys()] },
      });
    }
    for (const name of ready.sort()) {
      order.push(name);
      pending.delete(name);
    }
  }
  return order;
}
