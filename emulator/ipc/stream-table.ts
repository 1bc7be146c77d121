// The stream-id rules of one connection (docs/ipc-protocol.md#stream-ids, aws-c-event-stream
// `event_stream_rpc_server.c` `s_route_message_by_type`): only the client opens streams, each new
// id is exactly the previous highest + 1 and carries `operation`; ids are never reused; a
// terminate on an id already closed is a crossed close and is ignored.

export type StreamRoute =
  | { readonly kind: 'new' }
  | { readonly kind: 'open' }
  | { readonly kind: 'ignore' }
  | { readonly kind: 'violation'; readonly reason: string };

export class StreamTable<Stream> {
  #highestId = 0;
  readonly #open = new Map<number, Stream>();

  get openCount(): number {
    return this.#open.size;
  }

  /** Decides what an incoming stream message means, without changing the table. */
  route(streamId: number, hasOperation: boolean, terminates: boolean): StreamRoute {
    if (streamId === this.#highestId + 1) {
      return hasOperation
        ? { kind: 'new' }
        : { kind: 'violation', reason: `new stream ${streamId} lacks the operation header` };
    }
    if (streamId > this.#highestId) {
      return {
        kind: 'violation',
        reason: `stream id ${streamId} skips ahead; expected ${this.#highestId + 1}`,
      };
    }
    if (this.#open.has(streamId)) return { kind: 'open' };
    if (terminates) return { kind: 'ignore' };
    return { kind: 'violation', reason: `message on stream ${streamId}, which is already closed` };
  }

  /** Records a new stream; `route` must have answered `new` for this id. */
  open(streamId: number, stream: Stream): void {
    this.#highestId = streamId;
    this.#open.set(streamId, stream);
  }

  get(streamId: number): Stream | undefined {
    return this.#open.get(streamId);
  }

  /** Closes a stream; returns its state if it was open. */
  close(streamId: number): Stream | undefined {
    const stream = this.#open.get(streamId);
    this.#open.delete(streamId);
    return stream;
  }

  /** Closes every stream (connection end) and returns what was open. */
  closeAll(): Stream[] {
    const streams = [...this.#open.values()];
    this.#open.clear();
    return streams;
  }
}
