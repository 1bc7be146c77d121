import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, fixtureScript, type Harness, spec, transitions } from '../helpers/core-harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness?.dispose();
  harness = undefined;
});

/** A named pipe: a Startup step reading it blocks until the test writes a line. */
function fifo(dir: string, name: string): string {
  const file = path.join(dir, name);
  execFileSync('mkfifo', [file]);
  return file;
}

/** Opening a FIFO for writing waits for its reader, so this resolves once the step has read the line. */
function release(file: string): Promise<void> {
  return fs.promises.writeFile(file, 'go\n');
}

const DB = 'com.example.Database';
const APP = 'com.example.App';

describe('ServiceManager', () => {
  it('tells every state listener even when one throws, and logs the failure', async () => {
    harness = createHarness();
    harness.manager.onStateChange(() => {
      throw new Error('listener bug');
    });
    const heard: string[] = [];
    harness.manager.onStateChange((change) => heard.push(`${change.name}:${change.to}`));
    await harness.manager.apply({
      components: [spec(APP, '1.0.0', { Run: fixtureScript('prints-and-sleeps.mjs') })],
      removed: [],
    });
    expect(heard).toContain(`${APP}:RUNNING`);
    expect(harness.events.some((e) => e.event === 'state-listener-failed')).toBe(true);
  });

  it('starts a component only after its dependency is RUNNING, and restarts it when a HARD dependency restarts', async () => {
    harness = createHarness();
    const gate = fifo(harness.root, 'db-ready');
    const applied = harness.manager.apply({
      components: [
        spec(APP, '1.0.0', { Run: fixtureScript('prints-and-sleeps.mjs') }, [{ name: DB, type: 'HARD' }]),
        spec(DB, '1.0.0', { Startup: `read line < '${gate}'` }, [
          { name: 'aws.greengrass.Nucleus', type: 'SOFT' },
        ]),
      ],
      removed: [],
    });
    const { manager } = harness;
    await manager.get(DB)?.waitForState((state) => state === 'STARTING');
    expect(manager.get(APP)?.state).toBe('INSTALLED');
    await release(gate);
    await applied;
    expect(manager.list()).toEqual([
      { name: 'aws.greengrass.Nucleus', version: '2.16.0', state: 'FINISHED' },
      { name: APP, version: '1.0.0', state: 'RUNNING', pid: expect.any(Number) },
      // A Startup step that has exited leaves no process to name.
      { name: DB, version: '1.0.0', state: 'RUNNING' },
    ]);
    // The pid is the Run step's process, alive while the component runs.
    expect(fs.existsSync(`/proc/${manager.status(APP)?.pid}`)).toBe(true);
    const order = harness.events
      .filter((e) => e.event === 'service-set-state')
      .map((e) => `${e.context?.serviceName}:${e.context?.newState}`);
    expect(order.indexOf(`${DB}:RUNNING`)).toBeLessThan(order.indexOf(`${APP}:STARTING`));

    // the dependency restarts: the HARD dependent stops, waits, and starts after it again
    expect(manager.restart(DB)).toBe(true);
    await manager.get(APP)?.waitForState((state) => state === 'INSTALLED');
    await manager.get(DB)?.waitForState((state) => state === 'STARTING');
    await release(gate);
    await manager.get(APP)?.waitForState((state) => state === 'RUNNING');
    expect(transitions(harness.events, APP).slice(-4)).toEqual([
      'RUNNING->STOPPING',
      'STOPPING->INSTALLED',
      'INSTALLED->STARTING',
      'STARTING->RUNNING',
    ]);
  });

  it('lets a Startup component report RUNNING over IPC before its script exits, and ERRORED later', async () => {
    harness = createHarness();
    const gate = fifo(harness.root, 'never');
    const name = 'com.example.Reporter';
    const applied = harness.manager.apply({
      components: [spec(name, '1.0.0', { Startup: `read line < '${gate}'` })],
      removed: [],
    });
    await harness.manager.get(name)?.waitForState((state) => state === 'STARTING');
    expect(harness.manager.reportState(name, 'RUNNING')).toBe(true);
    await applied;
    expect(harness.manager.reportState(name, 'RUNNING')).toBe(false); // RUNNING -> RUNNING is not a report
    expect(
      harness.events.some(
        (e) => e.event === 'service-invalid-state-error' && e.context?.newState === 'RUNNING',
      ),
    ).toBe(true);
    expect(harness.manager.reportState(name, 'ERRORED')).toBe(true);
    await harness.waitForLog(
      (e) => e.event === 'service-errored' && e.context?.statusCode === 'REPORTED_ERRORED',
    );
    // the blocked Startup process is stopped by the retry's STOPPING
    await harness.manager.get(name)?.waitForState((state) => state === 'STARTING');
    expect(transitions(harness.events, name)).toEqual([
      'NEW->INSTALLED',
      'INSTALLED->STARTING',
      'STARTING->RUNNING',
      'RUNNING->ERRORED',
      'ERRORED->STOPPING',
      'STOPPING->INSTALLED',
      'INSTALLED->STARTING',
    ]);
  });

  it('removes components, stopping dependents first, and fails a deployment whose component ends BROKEN', async () => {
    harness = createHarness();
    await harness.manager.apply({
      components: [
        spec(APP, '1.0.0', { Run: fixtureScript('prints-and-sleeps.mjs') }, [{ name: DB, type: 'SOFT' }]),
        spec(DB, '1.0.0', { Run: fixtureScript('prints-and-sleeps.mjs') }),
      ],
      removed: [],
    });
    await harness.manager.apply({ components: [], removed: [APP, DB] });
    expect(harness.manager.list().map((c) => c.name)).toEqual(['aws.greengrass.Nucleus']);
    const finished = harness.events
      .filter((e) => e.event === 'service-set-state' && e.context?.newState === 'FINISHED')
      .map((e) => e.context?.serviceName);
    expect(finished).toEqual([APP, DB]);
    expect(harness.tokens.issued.size).toBe(0);

    const broken = harness.manager.apply({
      components: [spec('com.example.Bad', '1.0.0', { Startup: fixtureScript('exits-with-1.mjs') })],
      removed: [],
    });
    await expect(broken).rejects.toMatchObject({
      code: 'COMPONENT_BROKEN',
      details: { components: ['com.example.Bad'] },
    });
  });
});
