import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_STOP_GRACE_MS } from '../../emulator/lifecycle/shell-process.ts';
import { createHarness, fixtureScript, type Harness, spec, transitions } from '../helpers/core-harness.ts';
import { ManualClock } from '../helpers/manual-clock.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness?.dispose();
  harness = undefined;
});

const NAME = 'com.example.Printer';

describe('ComponentSupervisor with real processes', () => {
  it('writes stdout as INFO and stderr as WARN lines in the component log, in nucleus format', async () => {
    harness = createHarness();
    await harness.manager.apply({
      components: [
        spec(NAME, '1.0.0', { Run: fixtureScript('prints-and-sleeps.mjs', 'hello from printer') }),
        spec('com.example.Grumbler', '1.0.0', { Run: { Script: fixtureScript('prints-to-stderr.mjs') } }),
      ],
      removed: [],
    });
    await harness.waitForLog((e) => e.logger === NAME && e.message === 'ready');
    await harness.waitForLog((e) => e.logger === 'com.example.Grumbler' && e.message === 'ready');
    await harness.close();

    const printer = harness.readLog(`${NAME}.log`).trimEnd().split('\n');
    expect(printer[0]).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3})?Z \\[INFO\\] \\(${NAME}-lifecycle\\) ${NAME}: shell-runner-start\\. \\{scriptName=services\\.${NAME}\\.lifecycle\\.Run, serviceName=${NAME}, currentState=STARTING, command=\\["'.{77}\\.\\.\\."\\]\\}$`,
      ),
    );
    expect(printer).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `Z \\[INFO\\] \\(Copier\\) ${NAME}: stdout\\. hello from printer\\. \\{scriptName=services\\.${NAME}\\.lifecycle\\.Run, serviceName=${NAME}, currentState=RUNNING\\}$`,
        ),
      ),
    );
    const grumbler = harness.readLog('com.example.Grumbler.log');
    expect(grumbler).toMatch(
      /Z \[WARN\] \(Copier\) com\.example\.Grumbler: stderr\. something looks wrong\. \{scriptName=services\.com\.example\.Grumbler\.lifecycle\.Run\.Script, serviceName=com\.example\.Grumbler, currentState=RUNNING\}\n/,
    );
    const core = harness.readLog('greengrass.log');
    expect(core).toMatch(
      new RegExp(
        `\\[INFO\\] \\(${NAME}-lifecycle\\) com\\.aws\\.greengrass\\.lifecyclemanager\\.GenericExternalService: service-set-state\\. \\{serviceName=${NAME}, currentState=NEW, newState=INSTALLED\\}`,
      ),
    );
    // a graceful stop: the fixture honours SIGTERM
    expect(core).toMatch(
      /Shutdown completed for process\. \{pid=\d+, endedBy=SIGTERM, serviceName=com\.example\.Printer/,
    );
    expect(printer.some((line) => line.includes('stdout. stopping on SIGTERM.'))).toBe(true);
  });

  it('errors a component whose Install step cannot even be started, and keeps the core up', async () => {
    harness = createHarness();
    const name = 'com.example.Unstartable';
    // A NUL in an environment value makes spawn throw before any process exists.
    await expect(
      harness.manager.apply({
        components: [spec(name, '1.0.0', { Setenv: { BAD: 'a\u0000b' }, Install: 'true', Run: 'true' })],
        removed: [],
      }),
    ).rejects.toThrow(`${name} ended BROKEN`);
    const errored = harness.events.filter(
      (e) => e.event === 'service-errored' && e.context?.serviceName === name,
    );
    expect(errored).toHaveLength(3);
    expect(errored[0]?.context).toMatchObject({
      statusCode: 'STEP_FAILED',
      reason: expect.stringMatching(/^The lifecycle step could not run: .*BAD/),
    });
  });

  it('restarts a Run step that exits 1 and ends BROKEN after three errors', async () => {
    harness = createHarness();
    const name = 'com.example.Failing';
    await harness.manager.apply({
      components: [spec(name, '1.0.0', { Run: fixtureScript('exits-with-1.mjs') })],
      removed: [],
    });
    const supervisor = harness.manager.get(name);
    await supervisor?.waitForState((state) => state === 'BROKEN');
    await harness.waitForLog((e) => e.event === 'service-broken' && e.context?.serviceName === name);

    const cycle = [
      'INSTALLED->STARTING',
      'STARTING->RUNNING',
      'RUNNING->ERRORED',
      'ERRORED->STOPPING',
      'STOPPING->INSTALLED',
    ];
    expect(transitions(harness.events, name)).toEqual([
      'NEW->INSTALLED',
      ...cycle,
      ...cycle,
      'INSTALLED->STARTING',
      'STARTING->RUNNING',
      'RUNNING->BROKEN',
    ]);
    const exits = harness.events.filter((e) => e.message === 'Run script exited' && e.logger === name);
    expect(exits.map((e) => e.context?.exitCode)).toEqual([1, 1, 1]);
    expect(harness.manager.restart(name)).toBe(false); // BROKEN ignores restart (reference 4.7)
    await harness.close();
    expect(harness.readLog('greengrass.log')).toMatch(
      /\[ERROR\] \(com\.example\.Failing-lifecycle\) com\.aws\.greengrass\.lifecyclemanager\.GenericExternalService: service-broken\. service is broken\. Deployment is needed\. \{serviceName=com\.example\.Failing, currentState=BROKEN\}/,
    );
    expect(harness.readLog(`${name}.log`)).toMatch(
      /Run script exited\. \{exitCode=1, serviceName=com\.example\.Failing, currentState=RUNNING\}/,
    );
  });

  it('leaves BROKEN only through a reinstall (a new deployment)', async () => {
    harness = createHarness();
    const name = 'com.example.Flaky';
    await harness.manager.apply({
      components: [spec(name, '1.0.0', { Run: fixtureScript('exits-with-1.mjs') })],
      removed: [],
    });
    await harness.manager.get(name)?.waitForState((state) => state === 'BROKEN');
    await harness.manager.apply({
      components: [spec(name, '1.0.1', { Run: fixtureScript('prints-and-sleeps.mjs') })],
      removed: [],
    });
    expect(harness.manager.get(name)?.state).toBe('RUNNING');
    expect(transitions(harness.events, name).slice(-4)).toEqual([
      'BROKEN->NEW',
      'NEW->INSTALLED',
      'INSTALLED->STARTING',
      'STARTING->RUNNING',
    ]);
  });

  it('stops with SIGTERM and escalates to SIGKILL after the grace period for a process that ignores it', async () => {
    const clock = new ManualClock();
    harness = createHarness({ clock });
    const name = 'com.example.Stubborn';
    await harness.manager.apply({
      components: [spec(name, '1.0.0', { Run: fixtureScript('ignores-sigterm.mjs') })],
      removed: [],
    });
    const h = harness;
    await h.waitForLog((e) => e.logger === name && e.message === 'ready');
    const stopped = h.manager.stop(name);
    await h.waitForLog((e) => e.logger === name && e.message === 'got SIGTERM, ignoring');
    expect(h.manager.get(name)?.state).toBe('STOPPING');
    clock.advance(DEFAULT_STOP_GRACE_MS);
    await stopped;
    expect(h.manager.get(name)?.state).toBe('FINISHED');
    const ended = h.events.find(
      (e) => e.message === 'Shutdown completed for process' && e.context?.serviceName === name,
    );
    expect(ended?.context?.endedBy).toBe('SIGKILL');
    expect(transitions(h.events, name).slice(-2)).toEqual(['RUNNING->STOPPING', 'STOPPING->FINISHED']);
    await h.close();
    expect(h.readLog('greengrass.log')).toMatch(
      /service-set-state\. \{serviceName=com\.example\.Stubborn, currentState=RUNNING, newState=STOPPING\}\n(.*\n)*.*Shutdown completed for process\. \{pid=\d+, endedBy=SIGKILL.*\n(.*\n)*.*service-set-state\. \{serviceName=com\.example\.Stubborn, currentState=STOPPING, newState=FINISHED\}/,
    );
  });

  it('runs Install once per version, also across a core restart, and again for a new version', async () => {
    harness = createHarness();
    const install = { Script: 'echo installed >> install-count.txt' };
    const run = fixtureScript('prints-and-sleeps.mjs');
    const countFile = path.join(harness.paths.work(NAME), 'install-count.txt');
    const installs = () => fs.readFileSync(countFile, 'utf8').trim().split('\n').length;

    await harness.manager.apply({
      components: [spec(NAME, '1.0.0', { Install: install, Run: run })],
      removed: [],
    });
    expect(installs()).toBe(1);
    expect(harness.manager.restart(NAME)).toBe(true);
    await harness.waitForLog(
      (e) => e.event === 'service-set-state' && e.context?.currentState === 'STOPPING',
    );
    await harness.manager.get(NAME)?.waitForState((state) => state === 'RUNNING');
    // a changed Run step restarts but does not reinstall
    await harness.manager.apply({
      components: [spec(NAME, '1.0.0', { Install: install, Run: `${run} changed` })],
      removed: [],
    });
    expect(installs()).toBe(1);

    await harness.close();
    const root = harness.root;
    harness = createHarness({ root }); // the core starts again on the same root
    await harness.manager.apply({
      components: [spec(NAME, '1.0.0', { Install: install, Run: run })],
      removed: [],
    });
    expect(installs()).toBe(1);
    expect(harness.events.some((e) => e.event === 'install-skipped')).toBe(true);
    await harness.manager.apply({
      components: [spec(NAME, '1.1.0', { Install: install, Run: run })],
      removed: [],
    });
    expect(installs()).toBe(2);
    expect(transitions(harness.events, NAME)).toContain('STOPPING->NEW');
  });

  it('gives every step the nucleus environment, Setenv layers and the work folder', async () => {
    harness = createHarness();
    const name = 'com.example.Env';
    const script =
      'echo "svcuid=$SVCUID tes=$AWS_CONTAINER_AUTHORIZATION_TOKEN socket=$AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT" && ' +
      'echo "region=$AWS_REGION/$AWS_DEFAULT_REGION thing=$AWS_IOT_THING_NAME ggc=$GGC_VERSION a=$A b=$B pwd=$(pwd)"';
    await harness.manager.apply({
      components: [
        spec(name, '1.0.0', {
          Setenv: { A: 'lifecycle', B: 'lifecycle' },
          Run: { Script: script, Setenv: { B: 'step' } },
        }),
      ],
      removed: [],
    });
    const first = await harness.waitForLog(
      (e) => e.logger === name && e.message?.startsWith('svcuid=') === true,
    );
    const second = await harness.waitForLog(
      (e) => e.logger === name && e.message?.startsWith('region=') === true,
    );
    expect(first.message).toBe(`svcuid=token-${name} tes=token-${name} socket=${harness.paths.ipcSocket}`);
    expect(second.message).toBe(
      `region=eu-west-1/eu-west-1 thing=TestCore ggc=2.16.0 a=lifecycle b=step pwd=${harness.paths.work(name)}`,
    );
    await harness.manager.get(name)?.waitForState((state) => state === 'FINISHED');
    expect(transitions(harness.events, name).slice(-2)).toEqual(['RUNNING->STOPPING', 'STOPPING->FINISHED']);
  });

  it('honours RequiresPrivilege only as far as the core user allows, and says so', async () => {
    harness = createHarness();
    await harness.manager.apply({
      components: [
        spec(NAME, '1.0.0', {
          Install: { Script: 'id -u', RequiresPrivilege: true },
          Run: fixtureScript('prints-and-sleeps.mjs'),
        }),
      ],
      removed: [],
    });
    const uid = String(process.getuid?.());
    expect(harness.events.some((e) => e.logger === NAME && e.message === uid)).toBe(true); // never escalated via sudo
    const warned = harness.events.some((e) => e.event === 'requires-privilege-not-honoured');
    expect(warned).toBe(uid !== '0');
  });

  it('skips a step whose Skipif holds', async () => {
    harness = createHarness();
    const marker = path.join(harness.root, 'already-there');
    fs.writeFileSync(marker, '');
    await harness.manager.apply({
      components: [
        spec(NAME, '1.0.0', {
          Install: { Script: 'echo should-not-run', Skipif: `exists ${marker}` },
          Run: fixtureScript('prints-and-sleeps.mjs'),
        }),
      ],
      removed: [],
    });
    expect(harness.events.some((e) => e.message === 'should-not-run')).toBe(false);
    expect(harness.events.some((e) => e.event === 'generic-service-skipped')).toBe(true);
  });

  it('times out a hanging Install by the injected clock and retries it', async () => {
    const clock = new ManualClock();
    harness = createHarness({ clock });
    const apply = harness.manager.apply({
      components: [
        spec(NAME, '1.0.0', {
          Install: { Script: fixtureScript('prints-and-sleeps.mjs'), Timeout: 30 },
          Run: 'true',
        }),
      ],
      removed: [],
    });
    await harness.waitForLog((e) => e.logger === NAME && e.message === 'ready');
    clock.advance(30_000);
    await harness.waitForLog(
      (e) => e.event === 'service-errored' && e.context?.statusCode === 'INSTALL_TIMEOUT',
    );
    await harness.waitForLog((e) => e.event === 'service-set-state' && e.context?.currentState === 'ERRORED');
    expect(transitions(harness.events, NAME)).toEqual(['NEW->ERRORED', 'ERRORED->NEW']);
    const cancelled = expect(apply).rejects.toMatchObject({ code: 'DEPLOYMENT_CANCELLED' });
    await harness.manager.close();
    await cancelled;
  });
});
