// The local core end to end with real processes: components deployed from recipes and artifacts
// with `deployment create` (the CLI as a child process), talking over the real IPC socket with
// the unmodified SDK, their output in nucleus-format log files, and the lifecycle's answers to
// stops, crashes and bad deployments. Waits are on events and log lines, never on sleeps.

import fs from 'node:fs';
import path from 'node:path';
import { eventstream_rpc } from 'aws-iot-device-sdk-v2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startCore } from '../../emulator/core/core.ts';
import type { CoreOptions } from '../../emulator/core/core-options.ts';
import type { LocalCore } from '../../emulator/core/local-core.ts';
import { CliProcess, REPO_ROOT, runCli } from '../helpers/cli-process.ts';
import { readLines, waitForLogLine, waitForLogLines } from '../helpers/log-file.ts';
import { createSdkClient } from '../helpers/sdk-client.ts';
import { makeZip } from '../helpers/zip-builder.ts';

const FIXTURES = path.join(REPO_ROOT, 'test/fixtures/core');
const PING = 'com.example.Ping';
const PONG = 'com.example.Pong';
/** Failure guard for state waits. */
const STATE_TIMEOUT_MS = 20_000;
/** Nucleus text format of a component's stdout line (docs/greengrass-behaviour.md#log-line-format). */
const stdoutLine = (name: string, text: string) =>
  new RegExp(
    `^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\[INFO\\] \\(Copier\\) ${name.replaceAll('.', '\\.')}: stdout\\. ${text}\\. \\{scriptName=services\\.${name.replaceAll('.', '\\.')}\\.lifecycle\\.Run, serviceName=${name.replaceAll('.', '\\.')}, currentState=RUNNING\\}$`,
  );

/** A core on a fresh short root (the socket path must fit in 107 bytes) for one describe block. */
function useCore(options: Partial<CoreOptions> = {}): { readonly core: LocalCore; readonly root: string } {
  const running = {} as { core: LocalCore; root: string };
  beforeAll(async () => {
    running.root = fs.mkdtempSync('/tmp/ggc-');
    running.core = await startCore({ root: running.root, stopGraceMs: 3_000, ...options });
  });
  afterAll(async () => {
    await running.core?.close();
    if (running.root !== undefined) fs.rmSync(running.root, { recursive: true, force: true });
  });
  return running;
}

const nodePathConfig = JSON.stringify({
  [PING]: { MERGE: { NodePath: path.join(REPO_ROOT, 'node_modules') } },
  [PONG]: { MERGE: { NodePath: path.join(REPO_ROOT, 'node_modules') } },
});

describe('two throwaway components deployed with the CLI', () => {
  const running = useCore();
  const cli = (...args: string[]) => runCli([...args, '--root', running.root]);

  it('exchange messages, log their stdout in the nucleus format and show RUNNING in component list', async () => {
    const { core } = running;
    const created = await cli(
      'deployment',
      'create',
      '--recipeDir',
      path.join(FIXTURES, 'recipes'),
      '-a',
      path.join(FIXTURES, 'artifacts'),
      '--merge',
      `${PING}=1.0.0`,
      '-m',
      `${PONG}=1.0.0`,
      '--update-config',
      nodePathConfig,
    );
    expect(created.stderr).toBe('');
    const id = /^Local deployment submitted! Deployment Id: ([0-9a-f-]{36})$/m.exec(created.stdout)?.[1];
    expect(id, created.stdout).toBeDefined();
    expect((await core.deploymentSettled(id as string)).status).toBe('SUCCEEDED');

    const logs = core.paths.logs;
    await waitForLogLine(path.join(logs, `${PONG}.log`), stdoutLine(PONG, 'pong received ping \\d+'));
    await waitForLogLine(path.join(logs, `${PING}.log`), stdoutLine(PING, 'ping received pong \\d+'));
    expect(readLines(path.join(logs, `${PING}.log`))[0]).toMatch(
      /\[INFO\] \(com\.example\.Ping-lifecycle\) com\.example\.Ping: shell-runner-start\. \{scriptName=services\.com\.example\.Ping\.lifecycle\.Run, serviceName=com\.example\.Ping, currentState=STARTING, command=\["exec node .*ping\.cjs.*"\]\}$/,
    );

    const listed = await cli('component', 'list');
    expect(listed.code).toBe(0);
    for (const name of [PING, PONG])
      expect(listed.stdout).toContain(`Component Name: ${name}\n    Version: 1.0.0\n    State: RUNNING\n`);
    expect(listed.stdout).toContain(
      'Component Name: aws.greengrass.Nucleus\n    Version: 2.16.0\n    State: FINISHED',
    );

    const status = await cli('deployment', 'status', '-i', id as string);
    expect(status.stdout).toMatch(new RegExp(`^${id}: SUCCEEDED\\nCreated on: \\d{4}-`));
  });

  it('pubsub sub prints what pubsub pub (the bytes of a file) and the components publish', async () => {
    const { root } = running;
    const sub = new CliProcess(['pubsub', 'sub', '-t', 'test/#', '--root', root]);
    try {
      await sub.waitForLine(/^Subscribed to test\/# /);
      const message = path.join(root, 'message.txt');
      fs.writeFileSync(message, 'ping 99');
      const pub = await cli('pubsub', 'pub', '--topic', 'test/ping', '--message', message);
      expect(pub.code).toBe(0);
      await sub.waitForLine(/^pong 99$/); // Pong's answer
      expect(sub.lines.filter((line) => line.stream === 'stdout').map((line) => line.text)).toContain(
        'ping 99',
      );
      sub.signal('SIGTERM');
      expect((await sub.exited).code).toBe(0);
    } finally {
      await sub.stop();
    }
  });

  it('dropAllConnections closes every IPC connection while the component processes keep running', async () => {
    const { core } = running;
    const processes = core.ipc.connectionCount();
    expect(processes).toBeGreaterThanOrEqual(2);
    expect(core.dropAllConnections('test fault')).toBe(processes);
    await waitForLogLine(
      path.join(core.paths.logs, `${PING}.log`),
      stdoutLine(PING, 'ping disconnected from the core'),
    );
    expect(core.component(PING)?.state).toBe('RUNNING');
    expect(core.component(PONG)?.state).toBe('RUNNING');
  });

  it('names a running component’s process, restarts it on request, and hands over its output lines', async () => {
    const { core } = running;
    const before = core.component(PING)?.pid as number;
    expect(fs.readFileSync(`/proc/${before}/cmdline`, 'utf8')).toContain('ping.cjs');
    const heard: string[] = [];
    const stopListening = core.onComponentOutput((output) => {
      if (output.name === PING && output.stream === 'stdout') heard.push(output.line);
    });
    try {
      expect(core.restartComponent(PING)).toBe(true);
      await vi.waitFor(
        () => {
          const after = core.component(PING)?.pid;
          expect(after).toBeDefined();
          expect(after).not.toBe(before);
          expect(heard.some((line) => line.includes('ping'))).toBe(true);
        },
        { timeout: STATE_TIMEOUT_MS, interval: 50 },
      );
      expect(fs.existsSync(`/proc/${before}`)).toBe(false);
      expect(core.restartComponent('com.example.Unknown')).toBe(false);
    } finally {
      stopListening();
    }
  });

  it('component stop sends SIGTERM, logs the transition and revokes the stopped component’s token', async () => {
    const { core } = running;
    const token = core.ipc.tokens.tokenOf(PONG) as string;
    expect(token).toMatch(/^[0-9A-F]{32}$/);
    const stopped = await cli('component', 'stop', '-n', PONG);
    expect(stopped.code).toBe(0);
    await core.waitForState(PONG, 'FINISHED', STATE_TIMEOUT_MS);

    await waitForLogLine(
      path.join(core.paths.logs, `${PONG}.log`),
      /stdout\. pong stopping on SIGTERM\. \{.*currentState=STOPPING\}$/,
    );
    const greengrassLog = path.join(core.paths.logs, 'greengrass.log');
    await waitForLogLine(
      greengrassLog,
      /serviceName=com\.example\.Pong, currentState=STOPPING, newState=FINISHED\}$/,
    );
    const greengrass = readLines(greengrassLog);
    const transitions = greengrass.filter((line) =>
      line.includes(`service-set-state. {serviceName=${PONG},`),
    );
    expect(transitions.slice(-2)).toEqual([
      expect.stringMatching(
        /\[INFO\] \(com\.example\.Pong-lifecycle\) com\.aws\.greengrass\.lifecyclemanager\.GenericExternalService: service-set-state\. \{serviceName=com\.example\.Pong, currentState=RUNNING, newState=STOPPING\}$/,
      ),
      expect.stringMatching(/currentState=STOPPING, newState=FINISHED\}$/),
    ]);
    expect(greengrass.some((line) => line.includes(`endedBy=SIGTERM, serviceName=${PONG}`))).toBe(true);

    expect(core.ipc.tokens.tokenOf(PONG)).toBeUndefined();
    const client = createSdkClient(core.socketPath, token);
    // A refused handshake: the SDK reports HandshakeError, or NetworkError when the close wins
    // the race (docs/ipc-protocol.md#handshake); the core says why.
    const refused = await client.connect().then(
      () => undefined,
      (error: { type?: number }) => error,
    );
    expect([
      eventstream_rpc.RpcErrorType.HandshakeError,
      eventstream_rpc.RpcErrorType.NetworkError,
    ]).toContain(refused?.type);
    await client.close().catch(() => undefined);
    await waitForLogLine(greengrassLog, /Connect rejected \(AUTH_TOKEN_UNKNOWN\)/);

    const restarted = await cli('component', 'restart', '--names', PONG);
    expect(restarted.code).toBe(0);
    await core.waitForState(PONG, 'RUNNING', STATE_TIMEOUT_MS);
    expect(core.ipc.tokens.tokenOf(PONG)).not.toBe(token);
  });
});

describe('a core refusing what it must refuse', () => {
  const running = useCore();

  it('restarts a component that exits non-zero and ends it BROKEN after three errors', async () => {
    const { core, root } = running;
    const name = 'com.example.Failing';
    const broken = core.waitForState(name, 'BROKEN', STATE_TIMEOUT_MS);
    core.deploy({ recipeDir: path.join(FIXTURES, 'failing-recipe'), merge: { [name]: '1.0.0' } });
    await broken;
    const greengrassLog = path.join(core.paths.logs, 'greengrass.log');
    await waitForLogLine(
      greengrassLog,
      new RegExp(`service-set-state\\. \\{serviceName=${name}, currentState=RUNNING, newState=BROKEN\\}$`),
    );
    const greengrass = readLines(greengrassLog);
    expect(greengrass.filter((line) => line.includes(`service-errored`) && line.includes(name))).toHaveLength(
      3,
    );
    expect(
      greengrass.filter((line) => line.includes(`newState=ERRORED`) && line.includes(name)),
    ).toHaveLength(2);
    const exits = await waitForLogLines(
      path.join(core.paths.logs, `${name}.log`),
      /Run script exited\. \{exitCode=3,/,
      3,
    );
    expect(exits).toHaveLength(3);
    expect(
      readLines(path.join(core.paths.logs, `${name}.log`)).filter((line) =>
        line.includes('stdout. failing on purpose.'),
      ),
    ).toHaveLength(3);

    const restart = await runCli(['component', 'restart', '-n', name, '--root', root]);
    expect(restart.code).toBe(1);
    expect(restart.stderr).toContain(`${name}: ${name} is BROKEN`);

    const removal = core.deploy({ remove: [name] });
    expect((await core.deploymentSettled(removal.id)).status).toBe('SUCCEEDED');
    expect(core.component(name)).toBeUndefined();
  });

  it('rejects a deployment with a broken recipe, naming the recipe and the error path', async () => {
    const { core, root } = running;
    const created = await runCli([
      'deployment',
      'create',
      '-r',
      path.join(FIXTURES, 'broken-recipe'),
      '-m',
      'com.example.Broken=1.0.0',
      '--root',
      root,
    ]);
    const id = /Deployment Id: (\S+)/.exec(created.stdout)?.[1] as string;
    const record = await core.deploymentSettled(id);
    expect(record.failure?.code).toBe('RECIPE_INVALID');
    const status = await runCli(['deployment', 'status', '--deploymentId', id, '--root', root]);
    expect(status.stdout).toContain(`${id}: FAILED`);
    expect(status.stdout).toContain('Deployment Error Stack: DEPLOYMENT_FAILURE, RECIPE_INVALID');
    expect(status.stdout).toContain('Deployment Error Types: COMPONENT_RECIPE_ERROR');
    expect(status.stdout).toMatch(
      /Failure Cause: .*com\.example\.Broken-1\.0\.0\.yaml.*Manifests\[0\]\.Lifecycle\.Run/,
    );
  });

  it('refuses a zip artifact with a .. entry and writes nothing outside its folder', async () => {
    const { core } = running;
    const source = fs.mkdtempSync('/tmp/ggz-');
    try {
      fs.mkdirSync(path.join(source, 'recipes'));
      fs.writeFileSync(
        path.join(source, 'recipes', 'slip.yaml'),
        [
          'RecipeFormatVersion: "2020-01-25"',
          'ComponentName: com.example.Slip',
          'ComponentVersion: "1.0.0"',
          'Manifests:',
          '  - Artifacts:',
          '      - URI: s3://fixtures/com.example.Slip/1.0.0/slip.zip',
          '        Unarchive: ZIP',
          '    Lifecycle:',
          '      Run: echo never',
        ].join('\n'),
      );
      const artifacts = path.join(source, 'artifacts', 'com.example.Slip', '1.0.0');
      fs.mkdirSync(artifacts, { recursive: true });
      fs.writeFileSync(
        path.join(artifacts, 'slip.zip'),
        await makeZip([
          { name: 'inside.txt', data: 'fine' },
          { name: '../../escaped.txt', data: 'zip slip' },
        ]),
      );
      const record = core.deploy({
        recipeDir: path.join(source, 'recipes'),
        artifactDir: path.join(source, 'artifacts'),
        merge: { 'com.example.Slip': '1.0.0' },
      });
      const settled = await core.deploymentSettled(record.id);
      expect(settled.failure?.code).toBe('UNSAFE_ARCHIVE_ENTRY');
      expect(settled.failure?.message).toContain('../../escaped.txt');
      const unarchived = core.paths.unarchived('com.example.Slip', '1.0.0');
      for (const dir of [unarchived, path.dirname(unarchived), path.join(unarchived, 'slip')])
        expect(fs.existsSync(path.join(dir, 'escaped.txt'))).toBe(false);
      expect(core.component('com.example.Slip')).toBeUndefined();
    } finally {
      fs.rmSync(source, { recursive: true, force: true });
    }
  });

  it('fails a deployment whose recipe refers to a missing artifact, naming the artifact', async () => {
    const { core } = running;
    const record = core.deploy({
      recipeDir: path.join(FIXTURES, 'missing-artifact-recipe'),
      merge: { 'com.example.NoArtifact': '1.0.0' },
    });
    const settled = await core.deploymentSettled(record.id);
    expect(settled.failure?.code).toBe('ARTIFACT_NOT_FOUND');
    expect(settled.failure?.message).toContain('nowhere.zip');
    expect(settled.failure?.message).toContain('com.example.NoArtifact/1.0.0/nowhere.zip');
  });
});

describe('the lifecycle side of IPC', () => {
  const running = useCore({ thingName: 'TestThing', region: 'eu-west-3' });

  it('an UpdateState RUNNING report moves a component whose Startup step has not exited to RUNNING', async () => {
    const { core } = running;
    const name = 'com.example.Reporter';
    const record = core.deploy({
      recipeDir: path.join(FIXTURES, 'reporter-recipe'),
      artifactDir: path.join(FIXTURES, 'artifacts'),
      merge: { [name]: '1.0.0' },
      updateConfig: { [name]: { MERGE: { NodePath: path.join(REPO_ROOT, 'node_modules') } } },
    });
    // A Startup deployment waits for the step to exit or the component to report (reference 3.5).
    expect((await core.deploymentSettled(record.id)).status).toBe('SUCCEEDED');
    expect(core.component(name)?.state).toBe('RUNNING');
    const log = path.join(core.paths.logs, `${name}.log`);
    await waitForLogLine(log, /stdout\. reported RUNNING\./);
    const env = readLines(log)
      .map((line) =>
        /stdout\. env (\w+)=(.*)\. \{scriptName=services\.com\.example\.Reporter\.lifecycle\.Startup,/.exec(
          line,
        ),
      )
      .filter((match) => match !== null)
      .map((match) => [match[1], match[2]]);
    expect(Object.fromEntries(env)).toEqual({
      SVCUID: 'set AWS_CONTAINER_AUTHORIZATION_TOKEN=same',
      AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT: core.socketPath,
      AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH: core.socketPath,
      AWS_REGION: 'eu-west-3',
      AWS_DEFAULT_REGION: 'eu-west-3',
      AWS_IOT_THING_NAME: 'TestThing',
      GGC_VERSION: '2.16.0',
      AWS_USE_FIPS_ENDPOINT: 'false',
      AWS_GG_FIPS_MODE: 'false',
      GG_ROOT_CA_PATH: '',
    });
  });

  it('a second `start` on the same root refuses, naming the running core', async () => {
    const { core, root } = running;
    const second = await runCli(['start', '--root', root]);
    expect(second.code).toBe(1);
    expect(second.stderr).toBe(
      `cannot start the local core at ${root}: Another process is serving IPC on ${core.socketPath}; stop it or choose another root directory\n`,
    );
    expect(core.ipc.connectionCount()).toBeGreaterThanOrEqual(1);
  });
});
