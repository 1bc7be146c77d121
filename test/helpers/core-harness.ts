// A temporary core root with real log files, a service manager and ways to wait on log events.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ComponentSpec } from '../../emulator/lifecycle/component-spec.ts';
import { DEFAULT_NUCLEUS_VERSION } from '../../emulator/lifecycle/core-environment.ts';
import { FileInstallLedger } from '../../emulator/lifecycle/install-ledger.ts';
import { ServiceManager, type ServiceManagerOptions } from '../../emulator/lifecycle/service-manager.ts';
import type { TokenIssuer } from '../../emulator/lifecycle/token-issuer.ts';
import type { CoreLogger, LogEvent } from '../../emulator/logs/core-logger.ts';
import { openNucleusLogs } from '../../emulator/logs/nucleus-logs.ts';
import { type Clock, systemClock } from '../../emulator/platform/clock.ts';
import { corePaths } from '../../emulator/platform/core-paths.ts';
import { parseLifecycle } from '../../emulator/recipes/lifecycle-definition.ts';

export const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/lifecycle');

/** `node <fixture> args...` as a lifecycle script. */
export function fixtureScript(name: string, ...args: string[]): string {
  return [process.execPath, path.join(FIXTURES, name), ...args].map((part) => `'${part}'`).join(' ');
}

export function spec(
  name: string,
  version: string,
  lifecycle: unknown,
  dependencies: ComponentSpec['dependencies'] = [],
): ComponentSpec {
  const parsed = parseLifecycle(lifecycle);
  if (parsed.issues.length > 0) throw new Error(JSON.stringify(parsed.issues));
  return { name, version, lifecycle: parsed.lifecycle, dependencies };
}

/** Issues a fixed token per component, like the IPC server will. */
export class TestTokens implements TokenIssuer {
  readonly issued = new Map<string, string>();
  issue(name: string): string {
    const token = this.issued.get(name) ?? `token-${name}`;
    this.issued.set(name, token);
    return token;
  }
  revoke(name: string): void {
    this.issued.delete(name);
  }
}

export interface Harness {
  readonly root: string;
  readonly paths: ReturnType<typeof corePaths>;
  readonly manager: ServiceManager;
  readonly tokens: TestTokens;
  readonly events: LogEvent[];
  /** Resolves with the first logged event (past or future) matching the predicate. */
  waitForLog(predicate: (event: LogEvent) => boolean): Promise<LogEvent>;
  readLog(file: string): string;
  /** Closes the manager and the logs; the root is removed by `dispose`. */
  close(): Promise<void>;
  dispose(): void;
}

export function createHarness(
  options: { clock?: Clock; root?: string } & Partial<ServiceManagerOptions> = {},
): Harness {
  const root = options.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'gg-core-'));
  const paths = corePaths(root);
  const clock = options.clock ?? systemClock;
  const logs = openNucleusLogs({ logsDir: paths.logs, clock, level: 'DEBUG' });
  const events: LogEvent[] = [];
  const waiters = new Set<{ predicate: (e: LogEvent) => boolean; resolve: (e: LogEvent) => void }>();
  const capture = (logger: CoreLogger): CoreLogger => ({
    log(event) {
      logger.log(event);
      events.push(event);
      for (const waiter of waiters) {
        if (waiter.predicate(event)) {
          waiters.delete(waiter);
          waiter.resolve(event);
        }
      }
    },
  });
  const tokens = new TestTokens();
  const manager = new ServiceManager({
    paths,
    core: {
      ipcSocketPath: paths.ipcSocket,
      region: 'eu-west-1',
      thingName: 'TestCore',
      rootCaPath: '',
      nucleusVersion: DEFAULT_NUCLEUS_VERSION,
    },
    tokens,
    ledger: new FileInstallLedger(path.join(paths.config, 'install-ledger.json')),
    logs: { greengrass: capture(logs.greengrass), component: (name) => capture(logs.component(name)) },
    clock,
    ...options,
  });
  return {
    root,
    paths,
    manager,
    tokens,
    events,
    waitForLog(predicate) {
      const past = events.find(predicate);
      if (past !== undefined) return Promise.resolve(past);
      return new Promise((resolve) => waiters.add({ predicate, resolve }));
    },
    readLog: (file) => fs.readFileSync(path.join(paths.logs, file), 'utf8'),
    async close() {
      await manager.close();
      await logs.close();
    },
    dispose: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** `from->to` pairs of one component's service-set-state lines, in order. */
export function transitions(events: readonly LogEvent[], name: string): string[] {
  return events
    .filter((e) => e.event === 'service-set-state' && e.context?.serviceName === name)
    .map((e) => `${e.context?.currentState}->${e.context?.newState}`);
}
