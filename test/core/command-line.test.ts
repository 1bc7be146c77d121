// The command line's parsing and output (pure): greengrass-cli's option names and short forms,
// usage errors that name the problem, and greengrass-cli's output text.

import { describe, expect, it } from 'vitest';
import { CliError } from '../../emulator/cli/cli-error.ts';
import { parseCommandLine } from '../../emulator/cli/command-line.ts';
import {
  formatComponentDetails,
  formatDeploymentStatus,
  formatSubmitted,
  formatSubscriptionMessage,
} from '../../emulator/cli/format.ts';
import { resolveCoreRoot } from '../../emulator/core/core-root.ts';

function usageProblem(argv: string[]): string {
  try {
    parseCommandLine(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).code).toBe('USAGE');
    expect((error as CliError).exitCode).toBe(2);
    return (error as CliError).message;
  }
  throw new Error(`${argv.join(' ')} parsed`);
}

describe('parseCommandLine', () => {
  it('reads deployment create with long and short forms, repeated merges and comma lists', () => {
    const long = parseCommandLine([
      'deployment',
      'create',
      '--recipeDir',
      'r',
      '--artifactDir',
      'a',
      '--merge',
      'A=1.0.0',
      '--merge',
      'B=2.0.0',
      '--remove',
      'C,D',
      '--remove',
      'E',
      '--update-config',
      '{"A":{"MERGE":{}}}',
      '--root',
      '/x',
    ]);
    expect(long).toEqual({
      verb: 'deployment create',
      recipeDir: 'r',
      artifactDir: 'a',
      merge: { A: '1.0.0', B: '2.0.0' },
      remove: ['C', 'D', 'E'],
      updateConfig: '{"A":{"MERGE":{}}}',
      root: '/x',
      debug: false,
    });
    const short = parseCommandLine([
      'deployment',
      'create',
      '-r',
      'r',
      '-a',
      'a',
      '-m',
      'A=1.0.0',
      '-c',
      'cfg.json',
    ]);
    expect(short).toMatchObject({
      recipeDir: 'r',
      artifactDir: 'a',
      merge: { A: '1.0.0' },
      updateConfig: 'cfg.json',
      root: undefined,
    });
  });

  it('reads the component, deployment and pubsub verbs', () => {
    const id = '3f2b4b2c-1d2e-4f50-8a9b-0c1d2e3f4a5b';
    expect(parseCommandLine(['deployment', 'status', '-i', id])).toMatchObject({
      verb: 'deployment status',
      deploymentId: id,
    });
    expect(parseCommandLine(['deployment', 'status', '--deploymentId', id])).toMatchObject({
      deploymentId: id,
    });
    expect(parseCommandLine(['component', 'details', '--name', 'A'])).toMatchObject({ name: 'A' });
    expect(parseCommandLine(['component', 'restart', '-n', 'A, B&C'])).toMatchObject({
      names: ['A', 'B', 'C'],
    });
    expect(parseCommandLine(['component', 'stop', '--names', 'A'])).toMatchObject({
      verb: 'component stop',
      names: ['A'],
    });
    expect(parseCommandLine(['pubsub', 'pub', '-t', 'a/b', '-m', 'hi'])).toMatchObject({
      topic: 'a/b',
      message: 'hi',
    });
    expect(parseCommandLine(['iotcore', 'sub', '-t', 'ml/+/results', '-q', '0'])).toMatchObject({
      verb: 'iotcore sub',
      topic: 'ml/+/results',
      qos: 0,
    });
    expect(
      parseCommandLine([
        'start',
        '--iot-core-url',
        'mqtts://broker:8883',
        '--iot-core-ca',
        'ca.pem',
        '--iot-core-port',
        '1883',
      ]),
    ).toMatchObject({ iotCore: { brokerUrl: 'mqtts://broker:8883', caFile: 'ca.pem', port: 1883 } });
    expect(() => parseCommandLine(['iotcore', 'pub', '-t', 'a', '-m', 'x', '-q', '2'])).toThrow(
      /-q\/--qos must be 0 or 1/,
    );
    expect(parseCommandLine(['pubsub', 'sub', '--topic', 'a/#', '--debug'])).toMatchObject({
      topic: 'a/#',
      debug: true,
    });
    expect(parseCommandLine(['start', '--root', 'here'])).toEqual({
      verb: 'start',
      root: 'here',
      debug: false,
      nucleus: 'classic',
      platformOverride: {},
      iotCore: {},
    });
    expect(
      parseCommandLine([
        'start',
        '--nucleus',
        'lite',
        '--platform-override',
        'architecture=aarch64',
        '--platform-override',
        'os=linux',
      ]),
    ).toMatchObject({ nucleus: 'lite', platformOverride: { architecture: 'aarch64', os: 'linux' } });
    expect(() => parseCommandLine(['start', '--nucleus', 'java'])).toThrow(
      /--nucleus must be classic or lite/,
    );
    expect(() => parseCommandLine(['start', '--platform-override', 'aarch64'])).toThrow(/KEY=VALUE/);
    expect(parseCommandLine([]).verb).toBe('help');
    expect(parseCommandLine(['component', 'list', '-h'])).toMatchObject({
      verb: 'help',
      text: expect.stringContaining('component list'),
    });
  });

  it('names what is wrong', () => {
    expect(usageProblem(['deploy'])).toBe('unknown command "deploy"');
    expect(usageProblem(['component', 'details'])).toBe('-n/--name is required');
    expect(usageProblem(['component', 'restart', '-n', ' , '])).toBe(
      '-n/--names needs at least one component name',
    );
    expect(usageProblem(['deployment', 'status', '-i', '42'])).toContain('is not a deployment id');
    expect(usageProblem(['deployment', 'create', '-m', 'A'])).toContain('must be NAME=VERSION');
    expect(usageProblem(['component', 'list', '--verbose'])).toContain("Unknown option '--verbose'");
    expect(usageProblem(['pubsub', 'pub', '-t', 'x'])).toBe('-m/--message is required');
  });
});

describe('resolveCoreRoot', () => {
  it('prefers --root, then GG_ROOT, then ./greengrass/v2', () => {
    expect(resolveCoreRoot('/a', { GG_ROOT: '/b' }, '/cwd')).toBe('/a');
    expect(resolveCoreRoot(undefined, { GG_ROOT: '/b' }, '/cwd')).toBe('/b');
    expect(resolveCoreRoot(undefined, {}, '/cwd')).toBe('/cwd/greengrass/v2');
    expect(resolveCoreRoot('rel', {}, '/cwd')).toBe('/cwd/rel');
  });
});

describe('output', () => {
  it('prints what greengrass-cli prints', () => {
    expect(formatSubmitted('abc')).toBe('Local deployment submitted! Deployment Id: abc');
    expect(
      formatComponentDetails({
        componentName: 'A',
        version: '1.0.0',
        state: 'RUNNING' as never,
        configuration: { k: 1 },
      }),
    ).toBe('Component Name: A\n    Version: 1.0.0\n    State: RUNNING\n    Configuration: {"k":1}');
  });

  it('prints a failed deployment with its details', () => {
    const text = formatDeploymentStatus({
      deploymentId: 'abc',
      status: 'FAILED' as never,
      createdOn: '1700000000000',
      deploymentStatusDetails: {
        detailedDeploymentStatus: 'FAILED_NO_STATE_CHANGE' as never,
        deploymentErrorStack: ['DEPLOYMENT_FAILURE', 'ARTIFACT_NOT_FOUND'],
        deploymentErrorTypes: ['DEVICE_ERROR'],
        deploymentFailureCause: 'artifact a.zip is missing',
      },
    });
    expect(text).toBe(
      [
        'abc: FAILED',
        'Created on: 2023-11-14T22:13:20.000Z',
        'Detailed Status: FAILED_NO_STATE_CHANGE',
        'Deployment Error Stack: DEPLOYMENT_FAILURE, ARTIFACT_NOT_FOUND',
        'Deployment Error Types: DEVICE_ERROR',
        'Failure Cause: artifact a.zip is missing',
      ].join('\n'),
    );
  });

  it('prints JSON messages as JSON and binary ones as text', () => {
    expect(formatSubscriptionMessage({ jsonMessage: { message: { a: 1 } } })).toBe('{"a":1}');
    expect(formatSubscriptionMessage({ binaryMessage: { message: Buffer.from('héllo') } })).toBe('héllo');
  });
});
