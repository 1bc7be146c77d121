// What the verbs print, as greengrass-cli prints it (DeploymentCommand, ComponentCommand;
// docs/greengrass-behaviour.md#greengrass-cli). Pure: values in, text out.

import type { greengrasscoreipc } from 'aws-iot-device-sdk-v2';

type LocalDeployment = greengrasscoreipc.model.LocalDeployment;
type ComponentDetails = greengrasscoreipc.model.ComponentDetails;
type SubscriptionResponseMessage = greengrasscoreipc.model.SubscriptionResponseMessage;

export function formatSubmitted(deploymentId: string | undefined): string {
  return `Local deployment submitted! Deployment Id: ${deploymentId ?? '(none returned)'}`;
}

/** `<id>: <STATUS>`, `Created on`, and for a failure its detailed status, error stack and types, and cause. */
export function formatDeploymentStatus(deployment: LocalDeployment): string {
  const lines = [`${deployment.deploymentId}: ${deployment.status}`];
  if (deployment.createdOn !== undefined) lines.push(`Created on: ${formatCreatedOn(deployment.createdOn)}`);
  const details = deployment.deploymentStatusDetails;
  if (details !== undefined && deployment.status !== 'SUCCEEDED') {
    lines.push(`Detailed Status: ${details.detailedDeploymentStatus}`);
    if (details.deploymentErrorStack?.length)
      lines.push(`Deployment Error Stack: ${details.deploymentErrorStack.join(', ')}`);
    if (details.deploymentErrorTypes?.length)
      lines.push(`Deployment Error Types: ${details.deploymentErrorTypes.join(', ')}`);
    if (details.deploymentFailureCause) lines.push(`Failure Cause: ${details.deploymentFailureCause}`);
  }
  return lines.join('\n');
}

export function formatDeploymentList(deployments: readonly LocalDeployment[]): string {
  if (deployments.length === 0) return 'No local deployments yet.';
  return deployments
    .map((d) =>
      [
        `Deployment ID: ${d.deploymentId}`,
        ...(d.createdOn === undefined ? [] : [`Created on: ${formatCreatedOn(d.createdOn)}`]),
        `Status: ${d.status}`,
      ].join('\n'),
    )
    .join('\n\n');
}

export function formatComponentList(components: readonly ComponentDetails[]): string {
  return ['Components currently running in Greengrass:', ...components.map(formatComponentDetails)].join(
    '\n',
  );
}

export function formatComponentDetails(component: ComponentDetails): string {
  return [
    `Component Name: ${component.componentName}`,
    `    Version: ${component.version}`,
    `    State: ${component.state}`,
    `    Configuration: ${JSON.stringify(component.configuration ?? null)}`,
  ].join('\n');
}

/** `pubsub sub`: a JSON message as JSON, a binary one as its UTF-8 text. */
export function formatSubscriptionMessage(event: SubscriptionResponseMessage): string | undefined {
  if (event.jsonMessage !== undefined) return JSON.stringify(event.jsonMessage.message ?? null);
  if (event.binaryMessage !== undefined) return payloadText(event.binaryMessage.message);
  return undefined;
}

/** Epoch milliseconds (what the local core sends) as an ISO instant; any other text as is. */
function formatCreatedOn(createdOn: string): string {
  return /^\d+$/.test(createdOn) ? new Date(Number(createdOn)).toISOString() : createdOn;
}

/** The SDK hands binary payloads over as a Buffer, though its type says string | ArrayBuffer | view. */
function payloadText(payload: unknown): string {
  if (payload === undefined || payload === null) return '';
  if (typeof payload === 'string') return payload;
  if (payload instanceof ArrayBuffer) return Buffer.from(payload).toString('utf8');
  if (ArrayBuffer.isView(payload))
    return Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  return String(payload);
}
