// A deployment record as the IPC model's LocalDeployment (SDK model.d.ts): id, status, createdOn
// and, once it ended, DeploymentStatusDetails in the nucleus's terms. Error types follow the
// nucleus's DeploymentErrorType names; the error stack is DEPLOYMENT_FAILURE then our code.

import type { DeploymentFailure, DeploymentRecord } from '../deployment/deployment-record.ts';
import type { JsonObject } from '../util/json.ts';

type ErrorType =
  | 'REQUEST_ERROR'
  | 'COMPONENT_RECIPE_ERROR'
  | 'DEPENDENCY_ERROR'
  | 'DEVICE_ERROR'
  | 'COMPONENT_ERROR'
  | 'NUCLEUS_ERROR';

const ERROR_TYPES: Readonly<Record<DeploymentFailure['code'], ErrorType>> = {
  INVALID_DEPLOYMENT_REQUEST: 'REQUEST_ERROR',
  INVALID_DIRECTORY: 'REQUEST_ERROR',
  CORE_OPTIONS_INVALID: 'REQUEST_ERROR',
  RECIPE_PARSE_ERROR: 'COMPONENT_RECIPE_ERROR',
  RECIPE_INVALID: 'COMPONENT_RECIPE_ERROR',
  RECIPE_REFUSED_BY_LITE: 'COMPONENT_RECIPE_ERROR',
  NO_MATCHING_MANIFEST: 'COMPONENT_RECIPE_ERROR',
  COMPONENT_NOT_FOUND: 'DEPENDENCY_ERROR',
  DEPENDENCY_CONFLICT: 'DEPENDENCY_ERROR',
  DEPENDENCY_CYCLE: 'DEPENDENCY_ERROR',
  ARTIFACT_NOT_FOUND: 'DEVICE_ERROR',
  UNSUPPORTED_ARTIFACT: 'COMPONENT_RECIPE_ERROR',
  UNSAFE_ARCHIVE_ENTRY: 'DEVICE_ERROR',
  ARCHIVE_LIMIT_EXCEEDED: 'DEVICE_ERROR',
  ARCHIVE_CORRUPT: 'DEVICE_ERROR',
  COMPONENT_BROKEN: 'COMPONENT_ERROR',
  DEPLOYMENT_TIMEOUT: 'COMPONENT_ERROR',
  DEPLOYMENT_CANCELLED: 'NUCLEUS_ERROR',
  DEPLOYMENT_FAILED: 'NUCLEUS_ERROR',
};

/** Failures after components were already changed; the rest left the device as it was. */
const FAILED_AFTER_CHANGES: ReadonlySet<DeploymentFailure['code']> = new Set([
  'COMPONENT_BROKEN',
  'DEPLOYMENT_TIMEOUT',
  'DEPLOYMENT_CANCELLED',
]);

export function buildLocalDeployment(record: DeploymentRecord): JsonObject {
  const deployment: JsonObject = {
    deploymentId: record.id,
    status: record.status,
    // The model types createdOn as a string; like the nucleus's deployment timestamps, epoch milliseconds.
    createdOn: String(record.createdAtMs),
  };
  if (record.status === 'SUCCEEDED') {
    deployment.deploymentStatusDetails = { detailedDeploymentStatus: 'SUCCESSFUL' };
  } else if (record.status === 'FAILED' && record.failure !== undefined) {
    const { failure } = record;
    deployment.deploymentStatusDetails = {
      detailedDeploymentStatus: detailedStatus(failure.code),
      deploymentErrorStack: ['DEPLOYMENT_FAILURE', failure.code],
      deploymentErrorTypes: [ERROR_TYPES[failure.code]],
      deploymentFailureCause: failureCause(failure),
    };
  }
  return deployment;
}

function detailedStatus(code: DeploymentFailure['code']): string {
  if (code === 'INVALID_DEPLOYMENT_REQUEST') return 'REJECTED';
  return FAILED_AFTER_CHANGES.has(code) ? 'FAILED_ROLLBACK_NOT_REQUESTED' : 'FAILED_NO_STATE_CHANGE';
}

/** The message, plus every recipe issue with its path when the message does not already list them. */
function failureCause(failure: DeploymentFailure): string {
  const issues = failure.details?.issues;
  if (!Array.isArray(issues)) return failure.message;
  const texts = issues
    .map((issue: unknown) =>
      typeof issue === 'object' && issue !== null && 'text' in issue ? String(issue.text) : undefined,
    )
    .filter((text): text is string => text !== undefined && !failure.message.includes(text));
  return texts.length === 0 ? failure.message : `${failure.message}: ${texts.join('; ')}`;
}
