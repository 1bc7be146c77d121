// The contract between the RPC layer and an operation handler. A handler receives the caller's
// identity and its parsed request, and answers a response; it throws IpcServiceError for a
// modeled error (errors.ts). A streaming operation also gets its event stream once the response
// is on the wire, so no event can precede the response (docs/ipc-protocol.md#streaming-operations).

import type { JsonObject } from '../util/json.ts';
import type { FrameBody } from './frame-codec.ts';
import type { OperationModel } from './service-model.ts';

export interface OperationCall {
  /** Component name the caller authenticated as (its token's identity, docs/ipc-protocol.md#handshake). */
  readonly principal: string;
  readonly operation: OperationModel;
  /**
   * The request as a JSON object, parsed on first access; throws IpcRequestShapeError (answered
   * as the unmodeled InternalServerError, docs/ipc-protocol.md#unmodeled-errors) when the payload is not a JSON object.
   */
  readonly request: JsonObject;
  /** The request payload as received, for handlers that forward bytes without parsing them. */
  readonly body: Uint8Array;
  /** Identifies the caller's connection (several may share a principal). */
  readonly connectionId: number;
}

export interface EventStream {
  /** Serialises and sends one event; false when the stream or connection is already closed. */
  send(event: JsonObject): boolean;
  /** Sends an event body that is already UTF-8 JSON, e.g. one encoding shared by all subscribers. */
  sendJsonBytes(body: FrameBody): boolean;
  /** Ends the stream from the server side (empty TerminateStream message, docs/ipc-protocol.md#streaming-operations). */
  close(): void;
  readonly isOpen: boolean;
}

/** Undoes what `onStreamOpen` set up; called once when the stream closes for any reason. */
export type StreamCleanup = () => void;

export interface OperationReply {
  /** Body of `<Operation>Response`; `{}` when absent. */
  readonly response?: JsonObject;
  /** Streaming operations only: runs right after the response is written. */
  readonly onStreamOpen?: (events: EventStream) => StreamCleanup;
}

/**
 * Handles one operation call. Return synchronously where possible: the broker's publish path
 * stays free of promises so that deliveries keep publish order without queuing.
 */
export type OperationHandler = (call: OperationCall) => OperationReply | Promise<OperationReply>;
