// What every lifecycle step gets in its environment (docs/greengrass-behaviour.md#lifecycle; nucleus
// ShellRunner.setup and GenericExternalService.addEnv). Layers, later ones winning:
//   1. the core's own environment (PATH, HOME, ...)
//   2. per process: SVCUID and AWS_CONTAINER_AUTHORIZATION_TOKEN (the IPC token), GG_ROOT_CA_PATH
//   3. the nucleus's global setenv: both IPC socket variables, AWS_REGION, AWS_DEFAULT_REGION,
//      AWS_IOT_THING_NAME, GGC_VERSION
//   4. the lifecycle's Setenv, then 5. the step's own Setenv (nearer levels win).

import type { LifecycleStep } from '../recipes/lifecycle-definition.ts';

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_THING_NAME = 'LocalGreengrassCore';
/** The nucleus version this core presents as GGC_VERSION and as the aws.greengrass.Nucleus component. */
export const DEFAULT_NUCLEUS_VERSION = '2.16.0';

export interface CoreEnvironment {
  /** The IPC socket path components connect to. */
  readonly ipcSocketPath: string;
  readonly region: string;
  readonly thingName: string;
  /** Root CA file path; empty when the core has none (an offline local core). */
  readonly rootCaPath: string;
  readonly nucleusVersion: string;
  /** Extra variables of the nucleus's global setenv. */
  readonly setenv?: Readonly<Record<string, string>>;
}

export interface StepEnvironmentInput {
  readonly inherited: Readonly<Record<string, string | undefined>>;
  readonly core: CoreEnvironment;
  readonly token: string;
  readonly lifecycleSetenv: Readonly<Record<string, string>>;
  readonly step: Pick<LifecycleStep, 'setenv'>;
}

export function buildStepEnvironment(input: StepEnvironmentInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.inherited)) if (value !== undefined) env[key] = value;
  const { core } = input;
  Object.assign(
    env,
    {
      SVCUID: input.token,
      AWS_CONTAINER_AUTHORIZATION_TOKEN: input.token,
      GG_ROOT_CA_PATH: core.rootCaPath,
    },
    {
      AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT: core.ipcSocketPath,
      AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH: core.ipcSocketPath,
      AWS_REGION: core.region,
      AWS_DEFAULT_REGION: core.region,
      AWS_IOT_THING_NAME: core.thingName,
      GGC_VERSION: core.nucleusVersion,
    },
    core.setenv ?? {},
    input.lifecycleSetenv,
    input.step.setenv,
  );
  return env;
}
