// The operation streams of one authenticated connection: the stream-id rules, one dispatch per
// new stream, and the cleanup of what each streaming operation set up (a subscription), run
// exactly once when its stream closes: by the client's terminate, by the server's last
// message, or with the connection.

import { dispatchOperation, type OpenStreams } from './operation-dispatch.ts';
import type { OperationRegistry } from './operation-registry.ts';
import type { StreamCleanup } from './operation-types.ts';
import { hasTerminateFlag, type RpcMessage } from './rpc-message.ts';
import { lookupOperation } from './service-model.ts';
import { StreamTable } from './stream-table.ts';

interface OpenStream {
  readonly streaming: boolean;
  cleanup: StreamCleanup | undefined;
}

/** What the streams and the operations on them need from their connection (IpcConnection). */
export interface StreamOwner {
  readonly connectionId: number;
  readonly principal: string;
  readonly maxFrameBytes: number;
  readonly maxSubscriptionsPerConnection: number;
  readonly registry: OperationRegistry;
  isConnected(): boolean;
  /** Writes a frame to the socket; false when the connection is (or just got) closed. */
  write(frame: Uint8Array): boolean;
  failProtocol(violation: string): void;
  warn(event: string, message: string, error?: unknown): void;
}

export class ConnectionStreams implements OpenStreams {
  readonly #owner: StreamOwner;
  readonly #table = new StreamTable<OpenStream>();
  #openSubscriptions = 0;

  constructor(owner: StreamOwner) {
    this.#owner = owner;
  }

  openSubscriptionCount(): number {
    return this.#openSubscriptions;
  }

  /** An ApplicationMessage or ApplicationError from the client (docs/ipc-protocol.md#stream-ids, docs/ipc-protocol.md#streaming-operations). */
  onStreamMessage(message: RpcMessage): void {
    const terminates = hasTerminateFlag(message);
    const route = this.#table.route(message.streamId, message.operation !== undefined, terminates);
    switch (route.kind) {
      case 'violation':
        this.#owner.failProtocol(route.reason);
        return;
      case 'ignore':
        return;
      case 'open':
        // No operation of ours takes client events after the request; a terminate ends the
        // stream and its subscription, and the server sends nothing back (docs/ipc-protocol.md#streaming-operations).
        if (terminates) this.closeStream(message.streamId);
        return;
      case 'new':
        this.#start(message.streamId, message.operation ?? '', message.body, terminates);
        return;
    }
  }

  #start(streamId: number, operation: string, body: Uint8Array, terminates: boolean): void {
    const streaming = lookupOperation(operation)?.kind === 'streaming';
    this.#table.open(streamId, { streaming, cleanup: undefined });
    if (streaming) this.#openSubscriptions += 1;
    // A first message that already terminates closes the stream for both sides (docs/ipc-protocol.md#flags):
    // the operation runs, but nothing may be sent back on it.
    if (terminates) this.closeStream(streamId);
    dispatchOperation({ owner: this.#owner, streams: this }, this.#owner.registry, streamId, operation, body);
  }

  isStreamOpen(streamId: number): boolean {
    return this.#owner.isConnected() && this.#table.get(streamId) !== undefined;
  }

  writeOnStream(streamId: number, frame: Buffer, terminates: boolean): boolean {
    if (!this.isStreamOpen(streamId) || !this.#owner.write(frame)) return false;
    if (terminates) this.closeStream(streamId);
    return true;
  }

  attachCleanup(streamId: number, cleanup: StreamCleanup): void {
    const stream = this.#table.get(streamId);
    if (stream && this.#owner.isConnected()) stream.cleanup = cleanup;
    else this.#runCleanup(cleanup);
  }

  /** Closes a stream without sending anything and undoes what its operation set up. */
  closeStream(streamId: number): void {
    const stream = this.#table.close(streamId);
    if (!stream) return;
    if (stream.streaming) this.#openSubscriptions -= 1;
    if (stream.cleanup) this.#runCleanup(stream.cleanup);
  }

  /** The connection is gone: close every stream. */
  closeAll(): void {
    for (const stream of this.#table.closeAll()) if (stream.cleanup) this.#runCleanup(stream.cleanup);
    this.#openSubscriptions = 0;
  }

  #runCleanup(cleanup: StreamCleanup): void {
    try {
      cleanup();
    } catch (error) {
      this.#owner.warn(
        'ipc-stream-cleanup-failed',
        'a stream cleanup threw; ignored so the others still run',
        error,
      );
    }
  }
}
