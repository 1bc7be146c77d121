// The live view's web server (node:http): the page, its two files, the event stream and the
// thumbnails, every one behind the token (access.ts), with headers that keep the page to itself
// (no framing, no outside scripts, no referrer carrying the address's token).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bearerToken, cookieHeader, cookieName, readCookie, tokenMatches } from './access.ts';
import type { EventStream } from './event-stream.ts';
import { LiveViewError } from './live-view-error.ts';
import type { PageFile } from './page-files.ts';
import { PAGE_ASSETS, routeOf } from './routes.ts';

const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
} as const;

export interface ServerOptions {
  readonly address: string;
  readonly port: number;
  /** Read at every request: a configuration update changes it without a restart. */
  token(): string;
  maxClients(): number;
  readonly pageFiles: ReadonlyMap<PageFile, Buffer>;
  readonly events: EventStream;
  /** The first event a new page gets: everything it shows. */
  snapshotEvent(): string;
  thumbnail(seq: number): Uint8Array | undefined;
}

export interface RunningServer {
  /** The port actually bound (Port 0 asks the system for a free one). */
  readonly port: number;
  close(): Promise<void>;
}

export async function startHttpServer(options: ServerOptions): Promise<RunningServer> {
  let port = options.port;
  const server = createServer((request, response) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    handle(options, port, request, response);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new LiveViewError(
          'LISTEN_FAILED',
          error.code === 'EADDRINUSE'
            ? `port ${options.port} on ${options.address} is in use: set Port to a free one`
            : `cannot listen on ${options.address}:${options.port} (${error.code ?? error.message})`,
          { cause: error },
        ),
      ),
    );
    server.listen(options.port, options.address, () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Also the event streams of open pages, which would keep the server open.
        server.closeAllConnections();
      }),
  };
}

function handle(
  options: ServerOptions,
  port: number,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const route = routeOf(request.method, request.url);
  const given =
    route.kind === 'page' && route.token !== undefined
      ? route.token
      : (bearerToken(request.headers.authorization) ?? readCookie(request.headers.cookie, cookieName(port)));
  if (!tokenMatches(options.token(), given)) {
    reply(
      response,
      401,
      'text/plain; charset=utf-8',
      'live view: wrong or missing token; the address with the token is in the component log\n',
    );
    return;
  }
  switch (route.kind) {
    case 'page':
      if (route.token !== undefined) {
        // Keeps the token in a cookie and out of the address bar and the history.
        response.writeHead(303, { Location: '/', 'Set-Cookie': cookieHeader(port, options.token()) }).end();
        return;
      }
      reply(response, 200, 'text/html; charset=utf-8', options.pageFiles.get('index.html'));
      return;
    case 'asset': {
      const asset = PAGE_ASSETS[route.path];
      reply(response, 200, asset.type, options.pageFiles.get(asset.file));
      return;
    }
    case 'events':
      if (options.events.size >= options.maxClients()) {
        reply(
          response,
          503,
          'text/plain; charset=utf-8',
          `live view: ${options.maxClients()} pages open already (MaxClients)\n`,
        );
        return;
      }
      options.events.add(response, options.snapshotEvent());
      return;
    case 'thumbnail': {
      const thumbnail = options.thumbnail(route.seq);
      if (thumbnail === undefined) {
        reply(response, 404, 'text/plain; charset=utf-8', 'no thumbnail\n');
        return;
      }
      // A number is never reused for another image, so the browser may keep it.
      response.setHeader('Cache-Control', 'private, max-age=3600, immutable');
      reply(response, 200, 'image/webp', thumbnail);
      return;
    }
    case 'method-not-allowed':
      response.setHeader('Allow', 'GET, HEAD');
      reply(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
      return;
    case 'not-found':
      reply(response, 404, 'text/plain; charset=utf-8', 'not found\n');
      return;
  }
}

function reply(
  response: ServerResponse,
  status: number,
  type: string,
  body: string | Uint8Array | undefined,
): void {
  response.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body ?? '') });
  response.end(body);
}
