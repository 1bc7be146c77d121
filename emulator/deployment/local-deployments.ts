// Local deployments, one at a time, the way greengrass-cli's reach the nucleus
// (docs/greengrass-behaviour.md#greengrass-cli, docs/greengrass-behaviour.md#deployment-configuration-updates). Each runs these steps; the first failure ends it FAILED
// with the step's coded error and leaves the root components as they were:
//
//   1. store every recipe of --recipeDir          RECIPE_PARSE_ERROR, RECIPE_INVALID, INVALID_DIRECTORY
//   2. copy --artifactDir into the store           INVALID_DIRECTORY
//   3. new roots = roots - remove + merge
//   4. resolve versions of roots and dependencies  COMPONENT_NOT_FOUND, DEPENDENCY_CONFLICT, DEPENDENCY_CYCLE
//   5. plan: manifest, configuration, lifecycle    NO_MATCHING_MANIFEST, RECIPE_INVALID
//   6. artifacts present, permitted, unpacked      ARTIFACT_NOT_FOUND, UNSUPPORTED_ARTIFACT, UNSAFE_ARCHIVE_ENTRY, ...
//   7. write configurations, apply to the lifecycle (waits for RUNNING/FINISHED)  COMPONENT_BROKEN, DEPLOYMENT_TIMEOUT

import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CoreError, isCoreError } from '../errors/core-error.ts';
import { writeJsonFileAtomic } from '../files/atomic-file.ts';
import type { DeploymentTarget } from '../lifecycle/service-manager.ts';
import type { CoreLogger, LogLevel } from '../logs/core-logger.ts';
import { type Clock, systemClock } from '../platform/clock.ts';
import type { CorePaths } from '../platform/core-paths.ts';
import { CLASSIC_NUCLEUS, type NucleusBehaviour } from '../platform/nucleus-flavour.ts';
import type { PlatformLabels } from '../recipes/platform-match.ts';
import type { Recipe } from '../recipes/recipe-types.ts';
import { ListenerSet, type Unsubscribe } from '../util/listener-set.ts';
import { buildPlan } from './build-plan.ts';
import type { ComponentConfigurations } from './component-configurations.ts';
import type { ComponentStore } from './component-store.ts';
import { copyArtifactDirectory } from './copy-artifacts.ts';
import { type DeploymentRecord, type DeploymentStatus, isFinal } from './deployment-record.ts';
import type { LocalDeploymentRequest } from './deployment-request.ts';
import { prepareArtifacts } from './prepare-artifacts.ts';
import { readRecipeDirectory } from './recipe-directory.ts';
import { resolveVersions } from './resolve-versions.ts';
import type { ArchiveLimits } from './zip-entry-policy.ts';

/** Finished deployments remembered for `deployment status` / `list`; older ones are forgotten. */
export const MAX_REMEMBERED_DEPLOYMENTS = 100;
const LOGGER = 'com.aws.greengrass.deployment.DeploymentService';

export interface LocalDeploymentsOptions {
  readonly paths: CorePaths;
  readonly store: ComponentStore;
  readonly target: DeploymentTarget;
  readonly configurations: ComponentConfigurations;
  readonly platform: PlatformLabels;
  readonly thingName: string;
  /** Built-in components (name to version), e.g. aws.greengrass.Nucleus. */
  readonly builtins: ReadonlyMap<string, string>;
  readonly logger: CoreLogger;
  readonly clock?: Clock;
  readonly archiveLimits?: ArchiveLimits;
  /** The nucleus this core behaves as (default classic). */
  readonly nucleus?: NucleusBehaviour;
}

export class LocalDeployments {
  readonly #options: LocalDeploymentsOptions;
  readonly #clock: Clock;
  readonly #records = new Map<string, DeploymentRecord>();
  readonly #listeners: ListenerSet<DeploymentRecord>;
  readonly #rootsFile: string;
  #roots: ReadonlyMap<string, string>;
  #tail: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(options: LocalDeploymentsOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    // A status listener that throws must not stop the deployment queue.
    this.#listeners = new ListenerSet((error) =>
      this.#log('ERROR', 'A deployment status listener failed', { error: String(error) }),
    );
    this.#rootsFile = path.join(options.paths.config, 'deployed-roots.json');
    const stored = readRoots(this.#rootsFile);
    this.#roots = stored.roots;
    if (stored.problem !== undefined)
      this.#log('WARN', 'Ignoring unreadable deployed roots', {
        file: this.#rootsFile,
        reason: stored.problem,
      });
  }

  /** Root components deployed so far (persisted, so a restarted core can deploy them again). */
  get roots(): ReadonlyMap<string, string> {
    return this.#roots;
  }

  /** Queues a deployment and returns its record (QUEUED) at once. */
  create(request: LocalDeploymentRequest): DeploymentRecord {
    const now = this.#clock.now();
    const record: DeploymentRecord = {
      id: randomUUID(),
      status: 'QUEUED',
      createdAtMs: now,
      updatedAtMs: now,
      request,
    };
    this.#store(record);
    this.#log('INFO', 'Received local deployment', {
      DeploymentId: record.id,
      merge: JSON.stringify(request.merge),
      remove: request.remove.join(','),
    });
    this.#tail = this.#tail.then(() => this.#run(record.id));
    return record;
  }

  get(id: string): DeploymentRecord | undefined {
    return this.#records.get(id);
  }

  /** Most recent first. */
  list(): readonly DeploymentRecord[] {
    return [...this.#records.values()].reverse();
  }

  onStatusChange(listener: (record: DeploymentRecord) => void): Unsubscribe {
    return this.#listeners.add(listener);
  }

  /** Resolves with the record once the deployment SUCCEEDED or FAILED. */
  settled(id: string): Promise<DeploymentRecord> {
    const current = this.#records.get(id);
    if (current === undefined) return Promise.reject(new Error(`unknown deployment ${id}`));
    if (isFinal(current.status)) return Promise.resolve(current);
    return new Promise((resolve) => {
      const off = this.onStatusChange((record) => {
        if (record.id === id && isFinal(record.status)) {
          off();
          resolve(record);
        }
      });
    });
  }

  /** Fails queued deployments as cancelled and waits for the running one. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#tail;
  }

  async #run(id: string): Promise<void> {
    const record = this.#records.get(id);
    if (record === undefined) return;
    if (this.#closed) {
      this.#finish(
        record,
        'FAILED',
        new CoreError('DEPLOYMENT_CANCELLED', 'the local core shut down before the deployment started'),
      );
      return;
    }
    this.#update(record, 'IN_PROGRESS');
    try {
      await this.#execute(record.request);
      this.#finish(record, 'SUCCEEDED');
    } catch (error) {
      this.#finish(record, 'FAILED', error);
    }
  }

  async #execute(request: LocalDeploymentRequest): Promise<void> {
    const { store, paths, target, configurations, builtins } = this.#options;
    if (request.recipeDir !== undefined) {
      const directory = await readRecipeDirectory(request.recipeDir);
      for (const skipped of directory.skipped)
        this.#log('WARN', 'Skipped a file in the recipe directory that is not a recipe', { file: skipped });
      for (const { recipe, warnings, file } of directory.recipes) {
        store.save(recipe);
        for (const warning of warnings) this.#log('WARN', warning, { file });
      }
    }
    if (request.artifactDir !== undefined) await copyArtifactDirectory(request.artifactDir, paths);

    const roots = new Map(this.#roots);
    for (const name of request.remove) {
      if (!roots.delete(name))
        this.#log('WARN', 'Asked to remove a component that is not a root component', {
          componentName: name,
        });
    }
    for (const [name, version] of Object.entries(request.merge)) roots.set(name, version);

    const running = new Map(target.list().map((c) => [c.name, c.version]));
    const resolved = resolveVersions({ roots, catalog: store.catalog(builtins), preferred: running });
    const recipes = resolved.order
      .filter((name) => !builtins.has(name))
      .map((name) => store.get(name, resolved.versions.get(name) as string) as Recipe);
    const nucleus = this.#options.nucleus ?? CLASSIC_NUCLEUS;
    const plan = buildPlan({
      recipes,
      roots: new Set(roots.keys()),
      builtins,
      platform: this.#options.platform,
      existingConfiguration: (name) => configurations.read(name),
      updates: request.updateConfig,
      paths,
      thingName: this.#options.thingName,
      nucleus,
    });
    for (const warning of plan.warnings) this.#log('WARN', warning);
    // Nucleus lite's local deployment copies --artifactDir as it is and neither checks nor
    // unarchives the recipe's artifact list (ggdeploymentd deployment_handler.c merge_dir_to).
    for (const component of nucleus.unarchiveOnLocalDeployment ? plan.components : []) {
      await prepareArtifacts(
        { ...component.spec, artifacts: component.artifacts },
        paths,
        this.#options.archiveLimits,
      );
    }
    const removed = [...running.keys()].filter((name) => !resolved.versions.has(name) && !builtins.has(name));
    for (const component of plan.components)
      configurations.replace(component.spec.name, component.configuration);
    await target.apply({ components: plan.components.map((c) => c.spec), removed });
    for (const name of removed) configurations.remove(name);
    this.#roots = roots;
    writeRoots(this.#rootsFile, roots);
  }

  #finish(record: DeploymentRecord, status: DeploymentStatus, error?: unknown): void {
    const failure =
      error === undefined
        ? undefined
        : isCoreError(error)
          ? { code: error.code, message: error.message, details: error.details }
          : {
              code: 'DEPLOYMENT_FAILED' as const,
              message: error instanceof Error ? error.message : String(error),
            };
    this.#update(record, status, failure);
    if (failure === undefined) this.#log('INFO', 'Local deployment succeeded', { DeploymentId: record.id });
    else
      this.#log('ERROR', 'Local deployment failed', {
        DeploymentId: record.id,
        errorCode: failure.code,
        failureCause: failure.message,
      });
    this.#prune();
  }

  #update(
    record: DeploymentRecord,
    status: DeploymentStatus,
    failure?: DeploymentRecord['failure'],
  ): DeploymentRecord {
    const next: DeploymentRecord = {
      ...record,
      status,
      updatedAtMs: this.#clock.now(),
      ...(failure === undefined ? {} : { failure }),
    };
    this.#store(next);
    return next;
  }

  #store(record: DeploymentRecord): void {
    this.#records.set(record.id, record);
    this.#listeners.emit(record);
  }

  #prune(): void {
    const finished = [...this.#records.values()].filter((r) => isFinal(r.status));
    for (const old of finished.slice(0, Math.max(0, finished.length - MAX_REMEMBERED_DEPLOYMENTS)))
      this.#records.delete(old.id);
  }

  #log(level: LogLevel, message: string, context: Record<string, string> = {}): void {
    this.#options.logger.log({
      level,
      thread: 'DeploymentService',
      logger: LOGGER,
      event: '',
      message,
      context,
    });
  }
}

function readRoots(file: string): { roots: ReadonlyMap<string, string>; problem?: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { roots: new Map() }; // no deployment yet
  }
  try {
    const stored: unknown = JSON.parse(text);
    if (typeof stored !== 'object' || stored === null)
      return { roots: new Map(), problem: 'not a JSON object' };
    return {
      roots: new Map(
        Object.entries(stored).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
      ),
    };
  } catch (error) {
    return { roots: new Map(), problem: (error as Error).message };
  }
}

function writeRoots(file: string, roots: ReadonlyMap<string, string>): void {
  writeJsonFileAtomic(file, Object.fromEntries(roots));
}
