// Server-sent events to the open pages (the WHATWG HTML standard, "Server-sent events"). A page
// that cannot keep up (its unsent data above MAX_CLIENT_BACKLOG_BYTES, beyond its first snapshot,
// which may be larger) is disconnected rather than buffered without bound; its EventSource
// reconnects by itself and gets a fresh snapshot.
import type { ServerResponse } from 'node:http';

export const MAX_CLIENT_BACKLOG_BYTES = 1024 * 1024;
/** A comment line this often keeps proxies and SSH tunnels from closing an idle stream. */
export const KEEP_ALIVE_MS = 15_000;
/** How long a page waits before reconnecting after the stream ends (the `retry:` field). */
export const RECONNECT_MS = 1_000;

export function formatEvent(event: string, data: unknown): string {
  // JSON.stringify never emits a raw newline, so the data is always one `data:` line.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class EventStream {
  /** Each open page, with the unsent bytes it is allowed (its snapshot's size on top of the limit). */
  readonly #clients = new Map<ServerResponse, number>();
  readonly #keepAlive: NodeJS.Timeout;

  constructor() {
    this.#keepAlive = setInterval(() => this.#write(': keep-alive\n\n'), KEEP_ALIVE_MS);
    this.#keepAlive.unref();
  }

  get size(): number {
    return this.#clients.size;
  }

  /** Starts the stream on `response` with its first event (the snapshot). */
  add(response: ServerResponse, first: string): void {
    response.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    const opening = `retry: ${RECONNECT_MS}\n\n${first}`;
    response.write(opening);
    this.#clients.set(response, MAX_CLIENT_BACKLOG_BYTES + Buffer.byteLength(opening));
    response.on('close', () => this.#clients.delete(response));
  }

  send(event: string, data: unknown): void {
    if (this.#clients.size > 0) this.#write(formatEvent(event, data));
  }

  /** Ends every open stream (the pages reconnect by themselves, with whatever token they have). */
  disconnectAll(): void {
    for (const client of this.#clients.keys()) client.end();
    this.#clients.clear();
  }

  close(): void {
    clearInterval(this.#keepAlive);
    this.disconnectAll();
  }

  #write(text: string): void {
    for (const [client, allowance] of this.#clients) {
      if (client.writableLength > allowance) {
        this.#clients.delete(client);
        client.destroy();
        continue;
      }
      client.write(text);
    }
  }
}
