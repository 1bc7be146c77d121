// The live view's pure parts: reading requests and replies, the entry transitions, the bounded
// history and its pairing, the traffic statistics, URL routing, the token and the address.
import { describe, expect, it } from 'vitest';
import {
  bearerToken,
  cookieHeader,
  generateToken,
  readCookie,
  tokenMatches,
} from '../../components/liveview/access.ts';
import {
  answered,
  expired,
  requested,
  thumbnailMade,
  thumbnailRefused,
} from '../../components/liveview/entry.ts';
import { formatEvent } from '../../components/liveview/event-stream.ts';
import { History } from '../../components/liveview/history.ts';
import { pageAddress } from '../../components/liveview/page-address.ts';
import { readSeenRequest, type SeenRequest } from '../../components/liveview/request-view.ts';
import { MAX_SHOWN_TEXT, readSeenResult, SHOWN_TOP_K } from '../../components/liveview/result-view.ts';
import { routeOf } from '../../components/liveview/routes.ts';
import {
  BUCKET_MS,
  BUCKETS,
  binLatency,
  LATENCY_BIN_RATIO,
  latencyBin,
  MAX_ERROR_CODES,
  OTHER_CODE,
  percentile,
  TrafficStats,
} from '../../components/liveview/traffic-stats.ts';

const json = (value: unknown) => ({ kind: 'json' as const, topic: 't', value });
const binary = (bytes: Uint8Array | string) => ({
  kind: 'binary' as const,
  topic: 't',
  bytes: Buffer.from(bytes),
});
const JPEG_START = Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]);
const ok = (id: string | undefined, latencyMs = 12) => ({
  status: 'ok' as const,
  ...(id === undefined ? {} : { id }),
  top: [{ label: 'pelican', probability: 0.9 }],
  latencyMs,
});
const request = (id?: string): SeenRequest => ({
  ...(id === undefined ? {} : { id }),
  image: { kind: 'path', path: '/photos/a.jpg' },
  name: 'a.jpg',
});

describe('requests as the live view reads them', () => {
  it('reads the contract forms: path, seed, base64, a raw image, JSON as binary', () => {
    expect(readSeenRequest(json({ id: 'a', image: { path: '/x/../y/p.jpg' } }))).toEqual({
      id: 'a',
      image: { kind: 'path', path: '/y/p.jpg' },
      name: 'p.jpg',
    });
    expect(readSeenRequest(json({ id: 7, image_dir: '/photos', fname: '../etc/passwd' }))).toEqual({
      id: '7',
      image: { kind: 'path', path: '/etc/passwd' },
      name: 'passwd',
    });
    expect(readSeenRequest(json({ image: { base64: 'AAAA' } }))).toEqual({
      image: { kind: 'base64', base64: 'AAAA' },
      name: 'inline image',
    });
    expect(readSeenRequest(binary(JPEG_START)).image.kind).toBe('bytes');
    expect(readSeenRequest(binary(' {"id":"b","image":{"path":"/p/q.png"}}'))).toMatchObject({
      id: 'b',
      name: 'q.png',
    });
  });

  it('keeps the id of an invalid request (its error reply names it) and shows no image', () => {
    expect(readSeenRequest(json({ id: 'bad', topK: 99, image: { path: '/a.jpg' } }))).toEqual({
      id: 'bad',
      image: { kind: 'none' },
      name: 'invalid request',
    });
    expect(readSeenRequest(binary('{not json'))).toEqual({ image: { kind: 'none' }, name: 'invalid JSON' });
    expect(readSeenRequest(json([1, 2]))).toMatchObject({ image: { kind: 'none' } });
  });
});

describe('replies as the live view reads them', () => {
  it('reads a JSON reply leniently: top labels (at most SHOWN_TOP_K), latency, model', () => {
    const top = Array.from({ length: 8 }, (_, index) => ({ index, label: `l${index}`, probability: 0.1 }));
    const seen = readSeenResult(
      json({
        id: 'a',
        status: 'ok',
        label: 'l0',
        probability: 0.1,
        top,
        timings: { totalMs: 5 },
        model: { name: 'm' },
        extra: 1,
      }),
    );
    expect(seen).toMatchObject({ status: 'ok', id: 'a', latencyMs: 5, model: 'm' });
    expect(seen.status === 'ok' && seen.top).toHaveLength(SHOWN_TOP_K);
  });

  it('reads errors, the label form and `error: CODE`, and cuts long text', () => {
    expect(
      readSeenResult(json({ id: 'e', status: 'error', error: { code: 'BUSY', message: 'full' } })),
    ).toEqual({
      status: 'error',
      id: 'e',
      code: 'BUSY',
      message: 'full',
    });
    expect(readSeenResult(binary('pelican'))).toEqual({ status: 'ok', top: [{ label: 'pelican' }] });
    expect(readSeenResult(binary('error: CORRUPT_IMAGE'))).toEqual({
      status: 'error',
      code: 'CORRUPT_IMAGE',
      message: '',
    });
    const long = readSeenResult(binary('x'.repeat(1000)));
    expect(long.status === 'ok' && long.top[0]?.label.length).toBe(MAX_SHOWN_TEXT);
    expect(readSeenResult(json({ hello: 1 })).status).toBe('unreadable');
    expect(readSeenResult(binary('')).status).toBe('unreadable');
  });
});

describe('entry transitions', () => {
  const waiting = requested(1, request('a'), 1_000);

  it('moves waiting to ok or error once, and no-reply only from waiting', () => {
    expect(waiting).toMatchObject({ status: 'waiting', thumbnail: 'pending' });
    const done = answered(waiting, ok('a', 7), 2_000);
    expect(done).toMatchObject({ status: 'ok', latencyMs: 7 });
    expect(answered(done, { status: 'error', code: 'BUSY', message: '' }, 3_000)).toBe(done);
    expect(expired(done)).toBe(done);
    const late = expired(waiting);
    expect(late.status).toBe('no-reply');
    // A late reply still settles it; without the classifier's timing, the time seen is used.
    expect(answered(late, { status: 'ok', top: [] }, 4_500)).toMatchObject({
      status: 'ok',
      latencyMs: 3_500,
    });
  });

  it('moves a thumbnail from pending to ready or none once', () => {
    expect(thumbnailMade(waiting).thumbnail).toBe('ready');
    const refused = thumbnailRefused(waiting, 'PATH_NOT_ALLOWED');
    expect(refused).toMatchObject({ thumbnail: 'none', thumbnailNote: 'PATH_NOT_ALLOWED' });
    expect(thumbnailMade(refused)).toBe(refused);
    expect(requested(2, { image: { kind: 'none' }, name: 'invalid request' }, 0).thumbnail).toBe('none');
  });
});

describe('History', () => {
  it('pairs replies by id, ignores copies of a request, and keeps the last N with their thumbnails', () => {
    const history = new History(3);
    const first = history.addRequest(request('a'), 0);
    expect(history.addRequest(request('a'), 1)).toBeUndefined();
    history.setThumbnail(first?.seq ?? 0, Uint8Array.of(1));
    expect(history.addResult(ok('a'), 2)?.seq).toBe(first?.seq);
    for (const id of ['b', 'c', 'd']) history.addRequest(request(id), 3);
    expect(history.list().map((entry) => entry.id)).toEqual(['b', 'c', 'd']);
    expect(history.thumbnail(first?.seq ?? 0)).toBeUndefined();
    expect(history.setThumbnail(first?.seq ?? 0, Uint8Array.of(2))).toBeUndefined();
  });

  it('gives a reply with an unknown id to the oldest waiting request without id, else shows it alone', () => {
    const history = new History(10);
    const anonymous = history.addRequest(request(), 0);
    history.addRequest(request('named'), 0);
    expect(history.addResult(ok('made-up-uuid'), 1)?.seq).toBe(anonymous?.seq);
    const alone = history.addResult(ok('another'), 2);
    expect(alone).toMatchObject({ source: 'unseen', status: 'ok', id: 'another' });
    expect(history.addResult({ status: 'unreadable', problem: 'x' }, 3)).toBeUndefined();
  });

  it('expires waiting requests after the wait, oldest first, and a late reply still settles them', () => {
    const history = new History(10);
    history.addRequest(request('old'), 0);
    history.addRequest(request('new'), 900);
    expect(history.expire(999, 1_000)).toEqual([]);
    expect(history.expire(1_000, 1_000).map((entry) => entry.id)).toEqual(['old']);
    expect(history.addResult(ok('old'), 1_200)).toMatchObject({ id: 'old', status: 'ok' });
    expect(history.expire(5_000, 1_000).map((entry) => entry.id)).toEqual(['new']);
  });
});

describe('TrafficStats', () => {
  it('bins latencies geometrically, within half a bin', () => {
    for (const latency of [0.05, 0.3, 1, 12.5, 40, 999, 60_000]) {
      const middle = binLatency(latencyBin(latency));
      if (latency > 0.1)
        expect(Math.abs(Math.log(middle / latency))).toBeLessThanOrEqual(
          Math.log(LATENCY_BIN_RATIO) / 2 + 1e-9,
        );
    }
    expect(latencyBin(1e9)).toBe(latencyBin(1e12));
  });

  it('reads p50 and p99 from a histogram', () => {
    const histogram = new Uint32Array(112);
    histogram[latencyBin(10)] = 98;
    histogram[latencyBin(500)] = 2;
    expect(percentile(histogram, 0.5)).toBeCloseTo(binLatency(latencyBin(10)));
    expect(percentile(histogram, 0.99)).toBeCloseTo(binLatency(latencyBin(500)));
    expect(percentile(new Uint32Array(4), 0.5)).toBeUndefined();
  });

  it('counts per second and per code, caps the codes, and keeps only the last BUCKETS seconds', () => {
    const stats = new TrafficStats();
    stats.record(0, { latencyMs: 10 });
    stats.record(10, { code: 'BUSY' });
    stats.record(BUCKET_MS, { latencyMs: 20 });
    for (let index = 0; index < MAX_ERROR_CODES + 5; index += 1)
      stats.record(2 * BUCKET_MS, { code: `C${index}` });
    const snapshot = stats.snapshot(2 * BUCKET_MS);
    expect(snapshot.points.map((point) => [point.t, point.results, point.errors])).toEqual([
      [0, 2, 1],
      [BUCKET_MS, 1, 0],
      [2 * BUCKET_MS, MAX_ERROR_CODES + 5, MAX_ERROR_CODES + 5],
    ]);
    expect(Object.keys(snapshot.errorCodes)).toHaveLength(MAX_ERROR_CODES + 1);
    expect(snapshot.errorCodes[OTHER_CODE]).toBe(6);
    expect(snapshot.totals).toEqual({ results: MAX_ERROR_CODES + 8, ok: 2, errors: MAX_ERROR_CODES + 6 });
    stats.record(BUCKETS * BUCKET_MS + BUCKET_MS, { latencyMs: 1 });
    expect(stats.snapshot(BUCKETS * BUCKET_MS + BUCKET_MS).points.map((point) => point.t)).toEqual([
      2 * BUCKET_MS,
      (BUCKETS + 1) * BUCKET_MS,
    ]);
  });
});

describe('routes', () => {
  it('matches exact paths only, after the URL normalisation a browser makes', () => {
    expect(routeOf('GET', '/')).toEqual({ kind: 'page' });
    expect(routeOf('GET', '/?token=abc')).toEqual({ kind: 'page', token: 'abc' });
    expect(routeOf('GET', '/thumbnails/12')).toEqual({ kind: 'thumbnail', seq: 12 });
    expect(routeOf('HEAD', '/app.js')).toEqual({ kind: 'asset', path: '/app.js' });
    expect(routeOf('GET', '/events')).toEqual({ kind: 'events' });
    expect(routeOf('POST', '/events')).toEqual({ kind: 'method-not-allowed' });
    expect(routeOf('HEAD', '/events')).toEqual({ kind: 'method-not-allowed' });
    expect(routeOf('GET', '/thumbnails/../app.js')).toEqual({ kind: 'asset', path: '/app.js' });
    for (const target of [
      '/thumbnails/0',
      '/thumbnails/1x',
      '/index.html',
      '/app.js/',
      '/%2e%2e/etc/passwd',
      '//etc/passwd',
      '/thumbnails/1/..%2f..%2f',
    ]) {
      expect([target, routeOf('GET', target).kind]).toEqual([target, 'not-found']);
    }
  });
});

describe('access', () => {
  it('makes 128-bit tokens and compares them exactly', () => {
    const token = generateToken();
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(generateToken()).not.toBe(token);
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(token, `${token}0`)).toBe(false);
    expect(tokenMatches(token, '')).toBe(false);
    expect(tokenMatches(token, undefined)).toBe(false);
  });

  it('reads the token from its cookie (one per port) or a bearer header', () => {
    const header = cookieHeader(1447, 'abc def');
    expect(header).toBe('live-view-token-1447=abc%20def; Path=/; HttpOnly; SameSite=Strict');
    expect(readCookie('x=1; live-view-token-1447=abc%20def', 'live-view-token-1447')).toBe('abc def');
    expect(readCookie('live-view-token-1448=zzz', 'live-view-token-1447')).toBeUndefined();
    expect(readCookie('live-view-token-1447=%E0%A4%A', 'live-view-token-1447')).toBeUndefined();
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeUndefined();
  });

  it('prints an address to open, on this machine', () => {
    expect(pageAddress('127.0.0.1', 1447, 'ab')).toBe('http://127.0.0.1:1447/?token=ab');
    expect(pageAddress('0.0.0.0', 80, 'ab')).toBe('http://127.0.0.1:80/?token=ab');
    expect(pageAddress('::1', 80, 'a b')).toBe('http://[::1]:80/?token=a%20b');
  });

  it('writes one server-sent event per message, data on one line', () => {
    expect(formatEvent('stats', { a: 'x\ny' })).toBe('event: stats\ndata: {"a":"x\\ny"}\n\n');
  });
});
