// `cdk synth` / `cdk deploy` entry: reads the project's build output and the context
// (cdk.json defaults, override with -c key=value); see cdk/README.md.

import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { loadBuiltComponents } from '../lib/built-recipes.ts';
import { GreengrassStack } from '../lib/greengrass-stack.ts';

const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
};
const required = (key: string): string => {
  const value = context(key);
  if (value === undefined) throw new Error(`context '${key}' is missing (cdk.json sets a default)`);
  return value;
};

const buildDir = resolve(fileURLToPath(new URL('..', import.meta.url)), required('buildDir'));
new GreengrassStack(app, context('stackName') ?? 'GreengrassImageClassifier', {
  buildDir,
  components: loadBuiltComponents(buildDir),
  thingGroupArn: context('thingGroupArn'),
  tokenExchangeRoleName: required('tokenExchangeRoleName'),
  greengrassCliVersion: required('greengrassCliVersion'),
  deploymentName: required('deploymentName'),
  description: 'Greengrass image classifier: artifact bucket, component versions, thing-group deployment',
});
