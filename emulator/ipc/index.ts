// Public API of the local core's IPC server (see emulator/README.md).

export { TokenRegistry } from '../auth/tokens.ts';
export type { ConfigChange, ConfigLookup } from '../config/configuration-store.ts';
export { ConfigurationStore } from '../config/configuration-store.ts';
export type { JsonObject, JsonValue } from '../util/json.ts';
export type { IpcErrorShape, IpcServerErrorCode } from './errors.ts';
export { IpcRequestShapeError, IpcServerError, IpcServiceError } from './errors.ts';
export type { FrameBody } from './frame-codec.ts';
export { DEFAULT_IPC_LIMITS, type IpcLimits } from './limits.ts';
export type {
  EventStream,
  OperationCall,
  OperationHandler,
  OperationReply,
  StreamCleanup,
} from './operation-types.ts';
export type { ReportedState } from './operations/services.ts';
export { DEFAULT_SOCKET_MODE, type IpcServer, type IpcServerOptions, startIpcServer } from './server.ts';
export type { OperationModel, OperationName } from './service-model.ts';
export { MAX_SOCKET_PATH_BYTES } from './socket-path.ts';
