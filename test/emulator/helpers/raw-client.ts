// A raw event-stream client for wire-level tests. It encodes and decodes with the library codec
// and splits frames naively, independently of the server's framer, so both can be wrong only
// in different ways.

import { connect, type Socket } from 'node:net';
import { EventStreamCodec, type Message, type MessageHeaders } from '@smithy/core/event-streams';

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();
export const codec = new EventStreamCodec(
  (bytes) => utf8Decoder.decode(bytes),
  (text) => utf8Encoder.encode(text),
);
/** Failure guard only. */
const WAIT_TIMEOUT_MS = 10_000;

export const int32 = (value: number) => ({ type: 'integer', value }) as const;
export const text = (value: string) => ({ type: 'string', value }) as const;

export function rpcHeaders(
  type: number,
  flags: number,
  streamId: number,
  extra: MessageHeaders = {},
): MessageHeaders {
  return {
    ':message-type': int32(type),
    ':message-flags': int32(flags),
    ':stream-id': int32(streamId),
    ...extra,
  };
}

export function encode(headers: MessageHeaders, body: string | Uint8Array = ''): Uint8Array {
  return codec.encode({ headers, body: typeof body === 'string' ? utf8Encoder.encode(body) : body });
}

export function connectFrame(token: string | undefined): Uint8Array {
  const payload = token === undefined ? '' : JSON.stringify({ authToken: token });
  return encode(rpcHeaders(4, 0, 0, { ':version': text('0.1.0') }), payload);
}

export class RawClient {
  readonly frames: Message[] = [];
  readonly closed: Promise<void>;
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  #onFrame: Array<() => void> = [];

  private constructor(socket: Socket) {
    this.#socket = socket;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('error', () => {});
    socket.on('data', (chunk) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      while (this.#buffer.length >= 4 && this.#buffer.length >= this.#buffer.readUInt32BE(0)) {
        const length = this.#buffer.readUInt32BE(0);
        this.frames.push(codec.decode(this.#buffer.subarray(0, length)));
        this.#buffer = this.#buffer.subarray(length);
      }
      for (const notify of this.#onFrame) notify();
    });
  }

  static open(socketPath: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(socketPath, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  send(bytes: Uint8Array | string): void {
    this.#socket.write(bytes);
  }

  resume(): void {
    this.#socket.resume();
  }

  end(): void {
    this.#socket.end();
  }

  /** Stops reading, like a stuck process. */
  pause(): void {
    this.#socket.pause();
  }

  async waitForFrame(match: (frame: Message) => boolean): Promise<Message> {
    const deadline = Date.now() + WAIT_TIMEOUT_MS;
    for (;;) {
      const found = this.frames.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching frame among ${this.frames.length}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, WAIT_TIMEOUT_MS);
        this.#onFrame.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.#onFrame = [];
    }
  }

  /** Sends Connect and returns the ConnectAck's flags. */
  async handshake(token: string | undefined): Promise<number> {
    this.send(connectFrame(token));
    const ack = await this.waitForFrame((frame) => frame.headers[':message-type']?.value === 5);
    return Number(ack.headers[':message-flags']?.value);
  }

  destroy(): void {
    this.#socket.destroy();
  }
}

export function messageType(frame: Message): number {
  return Number(frame.headers[':message-type']?.value);
}

export function bodyText(frame: Message): string {
  return utf8Decoder.decode(frame.body);
}
