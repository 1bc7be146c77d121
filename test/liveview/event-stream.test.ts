// The event stream against a page that stops reading: a real HTTP server and a raw socket that
// never reads. Its unsent data is bounded (MAX_CLIENT_BACKLOG_BYTES beyond its first snapshot),
// then it is disconnected, while a page that reads keeps its stream.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  EventStream,
  formatEvent,
  MAX_CLIENT_BACKLOG_BYTES,
} from '../../components/liveview/event-stream.ts';
import { until } from '../helpers/until.ts';

const events = new EventStream();
const server = createServer((_request, response) =>
  events.add(response, formatEvent('snapshot', { big: 'x'.repeat(4 * MAX_CLIENT_BACKLOG_BYTES) })),
);
let port: number;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  events.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

it('disconnects a page that stops reading, and keeps one that reads', async () => {
  const stalled = connect(port, '127.0.0.1');
  stalled.write('GET /events HTTP/1.1\r\nHost: x\r\n\r\n');
  stalled.pause();
  let reading = 0;
  const reader = connect(port, '127.0.0.1');
  reader.write('GET /events HTTP/1.1\r\nHost: x\r\n\r\n');
  reader.on('data', (chunk: Buffer) => {
    reading += chunk.length;
  });
  await until(() => events.size === 2);
  const stalledClosed = new Promise<void>((resolve) => stalled.once('close', () => resolve()));
  // Up to 12 MiB: well beyond what the stalled page may owe (its 4 MiB snapshot plus the limit).
  const event = { data: 'y'.repeat(64 * 1024) };
  for (let sent = 0; sent < 12 * MAX_CLIENT_BACKLOG_BYTES && events.size === 2; sent += 64 * 1024) {
    events.send('entries', event);
    await new Promise((resolve) => setImmediate(resolve));
  }
  stalled.resume();
  await stalledClosed;
  expect(events.size).toBe(1);
  await until(() => reading > 4 * MAX_CLIENT_BACKLOG_BYTES);
  reader.destroy();
});
