import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ProgressReporter } from './progress.ts';

export interface DownloadOptions {
  /** Redirects followed before giving up (GitHub raw -> LFS media takes 1-2). */
  readonly maxRedirects: number;
  /** Longest wait for the next byte (connect, headers or body), in milliseconds. */
  readonly idleTimeoutMs: number;
  readonly progress: ProgressReporter;
  /** Name shown in progress output. */
  readonly label: string;
}

export const DEFAULT_MAX_REDIRECTS = 5;
export const DEFAULT_DOWNLOAD_IDLE_TIMEOUT_MS = 30_000;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Downloads `url` into `destination` (created or truncated); resolves with the body's sha256. */
export async function download(url: string, destination: string, options: DownloadOptions): Promise<string> {
  let current = new URL(url);
  for (let redirects = 0; ; redirects++) {
    const response = await get(current, options.idleTimeoutMs);
    const status = response.statusCode ?? 0;
    if (REDIRECT_STATUSES.has(status)) {
      response.resume();
      const location = response.headers.location;
      if (!location) throw new Error(`HTTP ${status} redirect without a Location header from ${current}`);
      if (redirects >= options.maxRedirects) throw new Error(`more than ${options.maxRedirects} redirects`);
      current = new URL(location, current);
      continue;
    }
    if (status !== 200) {
      response.resume();
      throw new Error(
        `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''} from ${current}`,
      );
    }
    return saveBody(response, current.href, destination, options);
  }
}

function get(url: URL, idleTimeoutMs: number): Promise<IncomingMessage> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return Promise.reject(new Error(`unsupported protocol ${url.protocol} in ${url}`));
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req: ClientRequest = request(url, {
      headers: { 'user-agent': 'greengrass-image-classifier-assets' },
    });
    let response: IncomingMessage | undefined;
    req.setTimeout(idleTimeoutMs, () => {
      // The same socket carries the body, so this also guards a stalled body; fail the body
      // stream with this reason rather than a bare "aborted".
      const error = new Error(`no data for ${idleTimeoutMs} ms from ${url}`);
      response?.destroy(error);
      req.destroy(error);
    });
    req.once('response', (incoming) => {
      response = incoming;
      // Body errors reach whoever consumes the body (pipeline); this keeps a discarded
      // redirect body's error from becoming an uncaught 'error' event.
      incoming.on('error', () => {});
      resolve(incoming);
    });
    req.once('error', reject);
    req.end();
  });
}

async function saveBody(
  response: IncomingMessage,
  url: string,
  destination: string,
  options: DownloadOptions,
): Promise<string> {
  const length = Number(response.headers['content-length']);
  const progress = options.progress.begin(options.label, url, Number.isFinite(length) ? length : undefined);
  const hash = createHash('sha256');
  let received = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      received += chunk.length;
      progress.update(received);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(response, meter, createWriteStream(destination));
  } finally {
    progress.end();
  }
  if (Number.isFinite(length) && received !== length) {
    throw new Error(`connection closed after ${received} of ${length} bytes`);
  }
  return hash.digest('hex');
}
