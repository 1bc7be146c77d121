// The cloud side of the project: an artifact bucket, the build's artifacts uploaded to it,
// one Greengrass component version per built recipe (artifact URIs pointing at the bucket),
// a deployment to a thing group of the classifier (the requester only when asked, each with
// its configuration update; lib/deployment-plan.ts) plus the Greengrass CLI, and read access
// to the bucket for the core devices' token-exchange role. Synthesises offline (no lookups).

import { CfnOutput, CfnParameter, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnComponentVersion, CfnDeployment } from 'aws-cdk-lib/aws-greengrassv2';
import { Policy, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { CfnPolicy } from 'aws-cdk-lib/aws-iot';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { AwsCustomResource, AwsCustomResourcePolicy, PhysicalResourceId } from 'aws-cdk-lib/custom-resources';
import type { Construct } from 'constructs';
import { type BuiltComponent, withArtifactBucket } from './built-recipes.ts';
import { cloudTopicsOf } from './cloud-topics.ts';
import { type DeploymentChoice, planDeployment } from './deployment-plan.ts';

export interface GreengrassStackProps extends StackProps {
  readonly buildDir: string;
  readonly components: readonly BuiltComponent[];
  /** arn:aws:iot:<region>:<account>:thinggroup/<name>; a stack parameter when absent. */
  readonly thingGroupArn?: string;
  readonly tokenExchangeRoleName: string;
  readonly greengrassCliVersion: string;
  readonly deploymentName: string;
  /** What the deployment lists and how it configures it (default: the classifier alone, as built). */
  readonly deployment?: DeploymentChoice;
}

const THING_GROUP_ARN = /^arn:aws[a-z-]*:iot:[a-z0-9-]+:\d{12}:thinggroup\/[a-zA-Z0-9:_-]+$/;
// The upload function holds the tens-of-MB zips in memory and /tmp while it syncs them.
const UPLOAD_MEMORY_MIB = 1024;
const COMPONENT_UPDATE_TIMEOUT_S = 60;

export class GreengrassStack extends Stack {
  constructor(scope: Construct, id: string, props: GreengrassStackProps) {
    super(scope, id, props);
    if (props.thingGroupArn !== undefined && !THING_GROUP_ARN.test(props.thingGroupArn)) {
      throw new Error(
        `thingGroupArn '${props.thingGroupArn}' is not a thing group ARN (arn:aws:iot:REGION:ACCOUNT:thinggroup/NAME)`,
      );
    }
    const targetArn =
      props.thingGroupArn ??
      new CfnParameter(this, 'ThingGroupArn', {
        type: 'String',
        allowedPattern: THING_GROUP_ARN.source,
        description: 'ARN of the thing group whose core devices get the components',
      }).valueAsString;

    const bucket = new Bucket(this, 'ArtifactBucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Devices that install a component version later still download its artifacts.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const upload = new BucketDeployment(this, 'Artifacts', {
      sources: [Source.asset(`${props.buildDir}/artifacts`)],
      destinationBucket: bucket,
      // Keep earlier versions' artifacts: component versions already published refer to them.
      prune: false,
      memoryLimit: UPLOAD_MEMORY_MIB,
    });

    const plan = planDeployment(
      props.components.map((component) => component.name),
      props.deployment ?? { deployRequester: false, configuration: {} },
    );
    const deployed: Record<string, CfnDeployment.ComponentDeploymentSpecificationProperty> = {
      'aws.greengrass.Cli': { componentVersion: props.greengrassCliVersion },
    };
    for (const component of props.components) {
      const version = new CfnComponentVersion(
        this,
        `Component${component.name.replace(/[^A-Za-z0-9]/g, '')}`,
        {
          inlineRecipe: this.toJsonString(withArtifactBucket(component, bucket.bucketName)),
        },
      );
      // Greengrass reads the artifacts (to compute their digests) when the version is created.
      version.node.addDependency(upload);
      const listed = plan.find((entry) => entry.name === component.name);
      if (listed !== undefined) {
        deployed[component.name] = {
          componentVersion: version.attrComponentVersion,
          ...(listed.configurationUpdate === undefined
            ? {}
            : { configurationUpdate: listed.configurationUpdate }),
        };
      }
      new CfnOutput(this, `${version.node.id}Arn`, { value: version.attrArn });
    }

    const deployment = new CfnDeployment(this, 'Deployment', {
      targetArn,
      deploymentName: props.deploymentName,
      components: deployed,
      deploymentPolicies: {
        failureHandlingPolicy: 'ROLLBACK',
        componentUpdatePolicy: { action: 'NOTIFY_COMPONENTS', timeoutInSeconds: COMPONENT_UPDATE_TIMEOUT_S },
      },
    });

    // Core devices download artifacts with the token-exchange role's credentials: allow
    // reading objects of this bucket only (the role itself is created with the core).
    const tokenExchangeRole = Role.fromRoleName(this, 'TokenExchangeRole', props.tokenExchangeRoleName);
    new Policy(this, 'ArtifactReadPolicy', {
      roles: [tokenExchangeRole],
      statements: [
        new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] }),
      ],
    });

    // Results to AWS IoT Core: the thing group's devices may publish on exactly those topics.
    const cloudTopics = cloudTopicsOf(props.deployment?.configuration ?? {});
    if (cloudTopics.length > 0) {
      const publishPolicy = new CfnPolicy(this, 'ResultsPublishPolicy', {
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: 'iot:Publish',
              Resource: cloudTopics.map(
                (topic) => `arn:${this.partition}:iot:${this.region}:${this.account}:topic/${topic}`,
              ),
            },
          ],
        },
      });
      // CloudFormation attaches IoT policies to certificates only; a thing group takes the API call.
      const attachment = {
        service: 'Iot',
        parameters: { policyName: publishPolicy.ref, target: targetArn },
        physicalResourceId: PhysicalResourceId.of(`${props.deploymentName}-results-publish-policy`),
      };
      new AwsCustomResource(this, 'ResultsPublishPolicyAttachment', {
        onCreate: { ...attachment, action: 'attachPolicy' },
        onDelete: { ...attachment, action: 'detachPolicy' },
        policy: AwsCustomResourcePolicy.fromStatements([
          new PolicyStatement({ actions: ['iot:AttachPolicy', 'iot:DetachPolicy'], resources: ['*'] }),
        ]),
        installLatestAwsSdk: false,
      });
    }

    new CfnOutput(this, 'ArtifactBucketName', { value: bucket.bucketName });
    new CfnOutput(this, 'DeploymentId', { value: deployment.attrDeploymentId });
  }
}
