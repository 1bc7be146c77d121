import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStepEnvironment } from '../../emulator/lifecycle/core-environment.ts';
import { shouldSkip } from '../../emulator/lifecycle/skip-if.ts';
import { DEFAULT_STEP_TIMEOUTS_MS, stepTimeoutMs } from '../../emulator/lifecycle/step-timeouts.ts';
import { parseLifecycle } from '../../emulator/recipes/lifecycle-definition.ts';

const core = {
  ipcSocketPath: '/gg/ipc.socket',
  region: 'eu-central-1',
  thingName: 'Thing',
  rootCaPath: '/gg/rootCA.pem',
  nucleusVersion: '2.16.0',
  setenv: { GLOBAL: 'g', SHARED: 'global' },
};

describe('buildStepEnvironment', () => {
  it('layers the core env, the token, the nucleus setenv, then lifecycle and step Setenv (nearer wins)', () => {
    const env = buildStepEnvironment({
      inherited: { PATH: '/bin', HOME: '/root', SHARED: 'inherited', UNSET: undefined },
      core,
      token: 'tok',
      lifecycleSetenv: { SHARED: 'lifecycle', LIFE: 'l' },
      step: { setenv: { LIFE: 'step' } },
    });
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/root',
      SHARED: 'lifecycle',
      SVCUID: 'tok',
      AWS_CONTAINER_AUTHORIZATION_TOKEN: 'tok',
      GG_ROOT_CA_PATH: '/gg/rootCA.pem',
      AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT: '/gg/ipc.socket',
      AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH: '/gg/ipc.socket',
      AWS_REGION: 'eu-central-1',
      AWS_DEFAULT_REGION: 'eu-central-1',
      AWS_IOT_THING_NAME: 'Thing',
      GGC_VERSION: '2.16.0',
      GLOBAL: 'g',
      LIFE: 'step',
    });
  });
});

describe('shouldSkip', () => {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  const file = path.join(os.tmpdir(), `gg-skip-${process.pid}`);

  it.each([
    ['onpath sh', { check: 'onpath', target: 'sh', negate: false }, true],
    ['onpath a missing program', { check: 'onpath', target: 'no-such-program-xyz', negate: false }, false],
    ['!onpath a missing program', { check: 'onpath', target: 'no-such-program-xyz', negate: true }, true],
    ['exists a missing file', { check: 'exists', target: '/no/such/file', negate: false }, false],
  ] as const)('%s', (_, skipIf, expected) => {
    expect(shouldSkip(skipIf, env)).toBe(expected);
  });

  it('checks files by path', () => {
    fs.writeFileSync(file, '');
    try {
      expect(shouldSkip({ check: 'exists', target: file, negate: false }, env)).toBe(true);
      expect(shouldSkip({ check: 'exists', target: file, negate: true }, env)).toBe(false);
    } finally {
      fs.rmSync(file);
    }
  });
});

describe('stepTimeoutMs', () => {
  const steps = parseLifecycle({ Install: 'a', Run: 'b', Shutdown: { Script: 'c', Timeout: 3 } }).lifecycle
    .steps;

  it('uses the reference defaults, the step Timeout, and no limit for Run', () => {
    expect(stepTimeoutMs(steps.install ?? fail())).toBe(120_000);
    expect(stepTimeoutMs(steps.shutdown ?? fail())).toBe(3_000);
    expect(stepTimeoutMs(steps.run ?? fail())).toBeUndefined();
    expect(stepTimeoutMs(steps.install ?? fail(), { ...DEFAULT_STEP_TIMEOUTS_MS, install: 5 })).toBe(5);
  });
});

function fail(): never {
  throw new Error('missing step');
}
