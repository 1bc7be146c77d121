// `cdk synth` / `cdk deploy` entry: reads the project's build output and the context
// (cdk.json defaults, override with -c key=value); see cdk/README.md.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { loadBuiltComponents } from '../lib/built-recipes.ts';
import { parseConfigurationUpdates } from '../lib/deployment-plan.ts';
import { GreengrassStack } from '../lib/greengrass-stack.ts';

const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  if (typeof value === 'boolean') return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
};
const required = (key: string): string => {
  const value = context(key);
  if (value === undefined) throw new Error(`context '${key}' is missing (cdk.json sets a default)`);
  return value;
};

/** `componentConfiguration`: JSON text, or the path of a JSON file. */
const configurationText = (): string => {
  const value = context('componentConfiguration');
  if (value === undefined) return '{}';
  return existsSync(value) ? readFileSync(value, 'utf8') : value;
};

const buildDir = resolve(fileURLToPath(new URL('..', import.meta.url)), required('buildDir'));
new GreengrassStack(app, context('stackName') ?? 'GreengrassImageClassifier', {
  buildDir,
  components: loadBuiltComponents(buildDir),
  thingGroupArn: context('thingGroupArn'),
  tokenExchangeRoleName: required('tokenExchangeRoleName'),
  greengrassCliVersion: required('greengrassCliVersion'),
  deploymentName: required('deploymentName'),
  deployment: {
    deployRequester: context('deployRequester') === 'true',
    deployLiveView: context('deployLiveView') === 'true',
    configuration: parseConfigurationUpdates(configurationText()),
  },
  description: 'Greengrass image classifier: artifact bucket, component versions, thing-group deployment',
});
