// A local deployment's id and status as `greengrass-cli deployment status/list` report them
// (docs/greengrass-behaviour.md#greengrass-cli): QUEUED -> IN_PROGRESS -> SUCCEEDED | FAILED, with the failure cause.

import type { CoreErrorCode } from '../errors/core-error.ts';
import type { LocalDeploymentRequest } from './deployment-request.ts';

/** Deployment ids are UUIDs, as the nucleus gives them. */
const DEPLOYMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isDeploymentId = (text: string): boolean => DEPLOYMENT_ID.test(text);

export type DeploymentStatus = 'QUEUED' | 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

export interface DeploymentFailure {
  /** DEPLOYMENT_FAILED for an unexpected error (a bug or an I/O failure without a code). */
  readonly code: CoreErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface DeploymentRecord {
  readonly id: string;
  readonly status: DeploymentStatus;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
  readonly request: LocalDeploymentRequest;
  readonly failure?: DeploymentFailure;
}

export function isFinal(status: DeploymentStatus): boolean {
  return status === 'SUCCEEDED' || status === 'FAILED';
}
