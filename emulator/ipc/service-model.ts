// The operations of the Greengrass IPC service model, with the event shape of the streaming ones
// and the error shapes each declares (aws-iot-device-sdk-js-v2 1.28
// `lib/greengrasscoreipc/model_utils.ts` `createOperationMap`; docs/ipc-protocol.md#modeled-errors). The JS client only
// reports an error as a ServiceError when the operation declares its shape (docs/ipc-protocol.md#how-the-js-client-reads-a-reply).

import type { IpcErrorShape } from './errors.ts';

const NAMESPACE = 'aws.greengrass#';

interface OperationEntry {
  /** Event shape of a streaming operation; absent for request/response operations. */
  readonly event?: string;
  readonly errors: readonly IpcErrorShape[];
}

const OPERATIONS = {
  AuthorizeClientDeviceAction: {
    errors: [
      'UnauthorizedError',
      'ServiceError',
      'InvalidArgumentsError',
      'InvalidClientDeviceAuthTokenError',
    ],
  },
  CancelLocalDeployment: { errors: ['ServiceError', 'ResourceNotFoundError', 'InvalidArgumentsError'] },
  CreateDebugPassword: { errors: ['UnauthorizedError', 'ServiceError'] },
  CreateLocalDeployment: {
    errors: [
      'ServiceError',
      'InvalidRecipeDirectoryPathError',
      'InvalidArtifactsDirectoryPathError',
      'InvalidArgumentsError',
    ],
  },
  DeferComponentUpdate: { errors: ['ServiceError', 'ResourceNotFoundError', 'InvalidArgumentsError'] },
  DeleteThingShadow: {
    errors: ['InvalidArgumentsError', 'ResourceNotFoundError', 'ServiceError', 'UnauthorizedError'],
  },
  GetClientDeviceAuthToken: {
    errors: ['UnauthorizedError', 'ServiceError', 'InvalidArgumentsError', 'InvalidCredentialError'],
  },
  GetComponentDetails: { errors: ['ServiceError', 'ResourceNotFoundError', 'InvalidArgumentsError'] },
  GetConfiguration: { errors: ['ServiceError', 'ResourceNotFoundError'] },
  GetLocalDeploymentStatus: { errors: ['ServiceError', 'ResourceNotFoundError'] },
  GetSecretValue: { errors: ['UnauthorizedError', 'ResourceNotFoundError', 'ServiceError'] },
  GetThingShadow: {
    errors: ['InvalidArgumentsError', 'ResourceNotFoundError', 'ServiceError', 'UnauthorizedError'],
  },
  ListComponents: { errors: ['ServiceError'] },
  ListLocalDeployments: { errors: ['ServiceError'] },
  ListNamedShadowsForThing: {
    errors: ['InvalidArgumentsError', 'ResourceNotFoundError', 'ServiceError', 'UnauthorizedError'],
  },
  PauseComponent: { errors: ['UnauthorizedError', 'ServiceError', 'ResourceNotFoundError'] },
  PublishToIoTCore: { errors: ['ServiceError', 'UnauthorizedError'] },
  PublishToTopic: { errors: ['ServiceError', 'UnauthorizedError'] },
  PutComponentMetric: { errors: ['UnauthorizedError', 'ServiceError', 'InvalidArgumentsError'] },
  RestartComponent: { errors: ['ServiceError', 'ComponentNotFoundError', 'InvalidArgumentsError'] },
  ResumeComponent: { errors: ['UnauthorizedError', 'ServiceError', 'ResourceNotFoundError'] },
  SendConfigurationValidityReport: { errors: ['InvalidArgumentsError', 'ServiceError'] },
  StopComponent: { errors: ['ServiceError', 'ComponentNotFoundError', 'InvalidArgumentsError'] },
  SubscribeToCertificateUpdates: {
    event: 'CertificateUpdateEvent',
    errors: ['ServiceError', 'UnauthorizedError', 'InvalidArgumentsError'],
  },
  SubscribeToComponentUpdates: {
    event: 'ComponentUpdatePolicyEvents',
    errors: ['ServiceError', 'ResourceNotFoundError'],
  },
  SubscribeToConfigurationUpdate: {
    event: 'ConfigurationUpdateEvents',
    errors: ['ServiceError', 'ResourceNotFoundError'],
  },
  SubscribeToIoTCore: { event: 'IoTCoreMessage', errors: ['ServiceError', 'UnauthorizedError'] },
  SubscribeToTopic: {
    event: 'SubscriptionResponseMessage',
    errors: ['InvalidArgumentsError', 'ServiceError', 'UnauthorizedError'],
  },
  SubscribeToValidateConfigurationUpdates: {
    event: 'ValidateConfigurationUpdateEvents',
    errors: ['ServiceError'],
  },
  UpdateConfiguration: {
    errors: [
      'ServiceError',
      'UnauthorizedError',
      'ConflictError',
      'FailedUpdateConditionCheckError',
      'InvalidArgumentsError',
    ],
  },
  UpdateState: { errors: ['ServiceError', 'ResourceNotFoundError'] },
  UpdateThingShadow: {
    errors: ['InvalidArgumentsError', 'ConflictError', 'ServiceError', 'UnauthorizedError'],
  },
  ValidateAuthorizationToken: { errors: ['InvalidTokenError', 'UnauthorizedError', 'ServiceError'] },
  VerifyClientDeviceIdentity: { errors: ['UnauthorizedError', 'ServiceError', 'InvalidArgumentsError'] },
} as const satisfies Record<string, OperationEntry>;

export type OperationShortName = keyof typeof OPERATIONS;
/** A fully qualified operation name of the service model, e.g. `aws.greengrass#PublishToTopic`. */
export type OperationName = `${typeof NAMESPACE}${OperationShortName}`;

export interface OperationModel {
  readonly name: OperationName;
  readonly kind: 'request-response' | 'streaming';
  /** `service-model-type` of the response, e.g. `aws.greengrass#PublishToTopicResponse`. */
  readonly responseShape: string;
  /** `service-model-type` of stream events (streaming operations only). */
  readonly eventShape: string | undefined;
  readonly errors: ReadonlySet<IpcErrorShape>;
}

const MODELS: ReadonlyMap<string, OperationModel> = new Map(
  Object.entries(OPERATIONS).map(([shortName, entry]: [string, OperationEntry]) => {
    const name = `${NAMESPACE}${shortName}` as OperationName;
    const model: OperationModel = {
      name,
      kind: entry.event ? 'streaming' : 'request-response',
      responseShape: `${name}Response`,
      eventShape: entry.event ? `${NAMESPACE}${entry.event}` : undefined,
      errors: new Set(entry.errors),
    };
    return [name, model];
  }),
);

/** The model of a known operation; undefined for a name the service model does not know. */
export function lookupOperation(name: string): OperationModel | undefined {
  return MODELS.get(name);
}

export function allOperationNames(): OperationName[] {
  return [...MODELS.keys()] as OperationName[];
}

export function errorShapeType(shape: IpcErrorShape): string {
  return `${NAMESPACE}${shape}`;
}
