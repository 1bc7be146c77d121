// The synthesised CloudFormation template, from a stand-in build output kept equal to the
// real build's recipes by the root project's test/packaging/cdk-fixture.test.ts. Offline:
// no lookups, no AWS calls.

import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadBuiltComponents } from '../lib/built-recipes.ts';
import { parseConfigurationUpdates } from '../lib/deployment-plan.ts';
import { GreengrassStack, type GreengrassStackProps } from '../lib/greengrass-stack.ts';

const BUILD_DIR = join(import.meta.dirname, 'fixtures', 'build-output');
const THING_GROUP_ARN = 'arn:aws:iot:eu-west-1:123456789012:thinggroup/classifier-devices';
const VERSIONS = {
  'com.custom.ImageClassifier': '1.0.0',
  'com.custom.requester': '1.0.0',
  'com.custom.LiveView': '1.0.0',
  'com.custom.NodeRuntime': '24.22.3',
} as const;
const NAMES = Object.keys(VERSIONS) as (keyof typeof VERSIONS)[];

// An App without outdir leaves a cdk.out* folder in the system temp folder for every synth.
const OUT_DIR = mkdtempSync(join(tmpdir(), 'cdk-stack-test-'));
afterAll(() => rmSync(OUT_DIR, { recursive: true, force: true }));

function synth(overrides: Partial<GreengrassStackProps> = {}): { app: App; template: Template } {
  const app = new App({ outdir: mkdtempSync(join(OUT_DIR, 'cdk.out-')) });
  const stack = new GreengrassStack(app, 'Test', {
    buildDir: BUILD_DIR,
    components: loadBuiltComponents(BUILD_DIR),
    thingGroupArn: THING_GROUP_ARN,
    tokenExchangeRoleName: 'GreengrassV2TokenExchangeRole',
    greengrassCliVersion: '2.16.1',
    deploymentName: 'image-classifier',
    ...overrides,
  });
  return { app, template: Template.fromStack(stack) };
}

function onlyLogicalId(template: Template, type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

/** Turns an Fn::Join/Ref value into text, with each Ref replaced from `refs`. */
function joinToText(value: unknown, refs: Record<string, string>): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'Ref' in value) {
    const ref = refs[String(value.Ref)];
    if (ref === undefined) throw new Error(`unexpected Ref ${String(value.Ref)}`);
    return ref;
  }
  if (typeof value === 'object' && value !== null && 'Fn::Join' in value) {
    const [separator, parts] = value['Fn::Join'] as [string, unknown[]];
    return parts.map((part) => joinToText(part, refs)).join(separator);
  }
  throw new Error(`unexpected value ${JSON.stringify(value)}`);
}

describe('the synthesised template', () => {
  const { app, template } = synth();
  const bucketId = onlyLogicalId(template, 'AWS::S3::Bucket');

  it('needs no lookups (synthesises offline)', () => {
    expect(app.synth().manifest.missing ?? []).toEqual([]);
  });

  it('has a private, encrypted, TLS-only artifact bucket that outlives the stack', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
      },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('uploads the build output’s artifacts to the bucket without pruning older versions', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: bucketId },
      Prune: false,
    });
  });

  it.each(NAMES)(
    'has a %s component version whose inline recipe is the built one with bucket URIs',
    (name) => {
      const version = VERSIONS[name];
      const built = parse(readFileSync(join(BUILD_DIR, 'recipes', `${name}-${version}.yaml`), 'utf8'), {
        version: '1.1',
      });
      const expected = structuredClone(built) as { Manifests: { Artifacts: { Uri: string }[] }[] };
      for (const manifest of expected.Manifests) {
        for (const artifact of manifest.Artifacts) {
          const file = artifact.Uri.slice(artifact.Uri.lastIndexOf('/') + 1);
          artifact.Uri = `s3://THE-BUCKET/${name}/${version}/${file}`;
        }
      }
      const versions = Object.values(template.findResources('AWS::GreengrassV2::ComponentVersion'));
      const recipes = versions.map((resource) =>
        JSON.parse(joinToText(resource.Properties.InlineRecipe, { [bucketId]: 'THE-BUCKET' })),
      );
      const recipe = recipes.find((candidate) => candidate.ComponentName === name);
      expect(recipe).toEqual(expected);
      expect(recipes).toHaveLength(NAMES.length);
    },
  );

  it('creates each component version only after the artifacts are uploaded', () => {
    const uploadId = onlyLogicalId(template, 'Custom::CDKBucketDeployment');
    for (const resource of Object.values(template.findResources('AWS::GreengrassV2::ComponentVersion'))) {
      expect(resource.DependsOn).toContain(uploadId);
    }
  });

  it('deploys the classifier (its Node.js runtime comes as its dependency) and the Greengrass CLI, not the demo requester', () => {
    template.hasResourceProperties('AWS::GreengrassV2::Deployment', {
      TargetArn: THING_GROUP_ARN,
      DeploymentName: 'image-classifier',
      Components: {
        'aws.greengrass.Cli': { ComponentVersion: '2.16.1' },
        'com.custom.ImageClassifier': {
          ComponentVersion: { 'Fn::GetAtt': [versionIdOf('com.custom.ImageClassifier'), 'ComponentVersion'] },
        },
      },
      DeploymentPolicies: { FailureHandlingPolicy: 'ROLLBACK' },
    });
  });

  function versionIdOf(name: string): string {
    const found = Object.entries(template.findResources('AWS::GreengrassV2::ComponentVersion')).find(
      ([, resource]) =>
        JSON.parse(joinToText(resource.Properties.InlineRecipe, { [bucketId]: 'B' })).ComponentName === name,
    );
    return found?.[0] ?? 'missing';
  }

  it('lets the token-exchange role read objects of this bucket, nothing more', () => {
    template.resourceCountIs('AWS::IAM::Role', 1); // the upload function's own role only
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: ['GreengrassV2TokenExchangeRole'],
      PolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 's3:GetObject',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/*']] },
          },
        ],
      },
    });
  });
});

describe('the deployment, as chosen in the context', () => {
  const deploymentOf = (template: Template) =>
    Object.values(template.findResources('AWS::GreengrassV2::Deployment'))[0]?.Properties.Components;

  it('lists the requester too when asked, each with its configuration merge and reset', () => {
    const { template } = synth({
      deployment: {
        deployRequester: true,
        configuration: {
          'com.custom.ImageClassifier': { merge: { TopK: 3 }, reset: ['/ImageRoots'] },
          'com.custom.requester': { merge: { IntervalMs: 60000, Count: 10 } },
        },
      },
    });
    const components = deploymentOf(template);
    expect(Object.keys(components).sort()).toEqual([
      'aws.greengrass.Cli',
      'com.custom.ImageClassifier',
      'com.custom.requester',
    ]);
    expect(components['com.custom.ImageClassifier'].ConfigurationUpdate).toEqual({
      Merge: '{"TopK":3}',
      Reset: ['/ImageRoots'],
    });
    expect(components['com.custom.requester'].ConfigurationUpdate).toEqual({
      Merge: '{"IntervalMs":60000,"Count":10}',
    });
  });

  it('lists the live view only when asked, with its configuration', () => {
    const { template } = synth({
      deployment: {
        deployRequester: false,
        deployLiveView: true,
        configuration: { 'com.custom.LiveView': { merge: { HistorySize: 50 } } },
      },
    });
    const components = deploymentOf(template);
    expect(Object.keys(components).sort()).toEqual([
      'aws.greengrass.Cli',
      'com.custom.ImageClassifier',
      'com.custom.LiveView',
    ]);
    expect(components['com.custom.LiveView'].ConfigurationUpdate).toEqual({ Merge: '{"HistorySize":50}' });
    expect(Object.keys(deploymentOf(synth().template))).not.toContain('com.custom.LiveView');
    expect(() =>
      synth({
        deployment: { deployRequester: false, configuration: { 'com.custom.LiveView': { merge: {} } } },
      }),
    ).toThrow(/does not list .*add -c deployLiveView=true/);
  });

  it("grants the thing group iot:Publish on exactly the classifier's AWS IoT Core topics, and nothing without them", () => {
    const { template } = synth({
      deployment: {
        deployRequester: false,
        configuration: {
          'com.custom.ImageClassifier': {
            merge: {
              IoTCoreTopic: 'ml/onnx/image-classification',
              PublishResultsOnTopic: 'ml/dlr/image-classification',
            },
          },
        },
      },
    });
    const policies = template.findResources('AWS::IoT::Policy');
    expect(Object.keys(policies)).toHaveLength(1);
    const statement = (
      Object.values(policies)[0] as { Properties: { PolicyDocument: { Statement: unknown[] } } }
    ).Properties.PolicyDocument.Statement;
    expect(JSON.stringify(statement)).toContain(':topic/ml/onnx/image-classification');
    expect(JSON.stringify(statement)).toContain(':topic/ml/dlr/image-classification');
    expect(statement).toEqual([expect.objectContaining({ Effect: 'Allow', Action: 'iot:Publish' })]);
    const attach = JSON.stringify(template.findResources('Custom::AWS'));
    expect(attach).toContain('attachPolicy');
    expect(attach).toContain('detachPolicy');
    expect(Object.keys(synth().template.findResources('AWS::IoT::Policy'))).toEqual([]);
  });

  it('refuses configuration for a component it does not deploy, and malformed configuration', () => {
    expect(() =>
      synth({
        deployment: { deployRequester: false, configuration: { 'com.custom.requester': { merge: {} } } },
      }),
    ).toThrow(/does not list .*add -c deployRequester=true/);
    expect(() => parseConfigurationUpdates('{"com.custom.ImageClassifier":{"MERGE":{}}}')).toThrow(
      /unknown key\(s\) MERGE \(use merge, reset\)/,
    );
    expect(() => parseConfigurationUpdates('{"com.custom.ImageClassifier":{"reset":["TopK"]}}')).toThrow(
      /JSON pointers/,
    );
    expect(() => parseConfigurationUpdates('not json')).toThrow(/not JSON/);
  });
});

describe('the thing group', () => {
  it('becomes a stack parameter when not given as context', () => {
    const { template } = synth({ thingGroupArn: undefined });
    template.hasParameter('ThingGroupArn', {
      Type: 'String',
      AllowedPattern: Match.stringLikeRegexp('thinggroup'),
    });
    template.hasResourceProperties('AWS::GreengrassV2::Deployment', { TargetArn: { Ref: 'ThingGroupArn' } });
  });

  it('must be a thing group ARN, not a thing', () => {
    expect(() => synth({ thingGroupArn: 'arn:aws:iot:eu-west-1:123456789012:thing/one-device' })).toThrow(
      /is not a thing group ARN/,
    );
  });
});

describe('loadBuiltComponents', () => {
  it('says to build first when there is no build output', () => {
    expect(() => loadBuiltComponents(join(tmpdir(), 'no-such-build-output'))).toThrow(/run `npm run build/);
  });

  it('names an artifact a recipe refers to but the build output lacks', () => {
    const copy = mkdtempSync(join(tmpdir(), 'cdk-build-output-'));
    try {
      cpSync(BUILD_DIR, copy, { recursive: true });
      rmSync(join(copy, 'artifacts/com.custom.requester/1.0.0/requester-linux-arm64.zip'));
      expect(() => loadBuiltComponents(copy)).toThrow(/refers to requester-linux-arm64\.zip/);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });
});
