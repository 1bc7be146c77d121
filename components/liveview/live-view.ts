// com.custom.LiveView: watches the request and result topics, keeps the last HistorySize
// requests with their replies and thumbnails, and serves them as a live page. It only listens:
// it never publishes, and a request it cannot read is shown as such, never dropped silently.
import { createImagePathPolicy } from '../image-files/path-policy.ts';
import type { ComponentContext, RunningComponent } from '../runtime/index.ts';
import { generateToken } from './access.ts';
import type { LiveViewConfig } from './config.ts';
import type { Entry } from './entry.ts';
import { EventStream, formatEvent } from './event-stream.ts';
import { History } from './history.ts';
import { startHttpServer } from './http-server.ts';
import { pageAddress } from './page-address.ts';
import { readPageFiles } from './page-files.ts';
import { readSeenRequest } from './request-view.ts';
import { readSeenResult } from './result-view.ts';
import { ThumbnailMaker } from './thumbnails.ts';
import { NO_REPLY_CODE, TrafficStats } from './traffic-stats.ts';

/** Changed entries are sent to the pages together, this often. */
export const FLUSH_INTERVAL_MS = 200;
/** The plots' numbers are sent this often (the time axis moves even without traffic). */
export const STATS_INTERVAL_MS = 1_000;

export async function startLiveView(
  context: ComponentContext<LiveViewConfig>,
  pageFolder: URL,
): Promise<RunningComponent> {
  const { logger } = context;
  const config = context.config.current;
  const token = config.token || generateToken();
  const policy = await createImagePathPolicy(config.imageRoots, (root, reason) =>
    logger.warn({ root, reason }, `image root ${root} is not usable (${reason}); no thumbnails from it`),
  );
  const history = new History(config.historySize);
  const stats = new TrafficStats();
  const thumbnails = new ThumbnailMaker({
    policy,
    size: config.thumbnailSize,
    maxImageBytes: config.maxImageBytes,
    maxImagePixels: config.maxImagePixels,
  });
  const events = new EventStream();
  const unsent = new Map<number, Entry>();
  const note = (entry: Entry | undefined): void => {
    if (!entry) return;
    unsent.delete(entry.seq);
    unsent.set(entry.seq, entry);
    // Bounded like the history: an entry pushed out of it before the next flush is not sent.
    for (const seq of unsent.keys()) {
      if (unsent.size <= config.historySize) break;
      unsent.delete(seq);
    }
  };

  const server = await startHttpServer({
    address: config.address,
    port: config.port,
    token,
    maxClients: config.maxClients,
    pageFiles: await readPageFiles(pageFolder),
    events,
    snapshotEvent: () =>
      formatEvent('snapshot', {
        historySize: config.historySize,
        entries: history.list(),
        stats: stats.snapshot(Date.now()),
      }),
    thumbnail: (seq) => history.thumbnail(seq),
  });

  const requests = await context.subscribe(config.requestTopic, (message) => {
    const seen = readSeenRequest(message);
    const entry = history.addRequest(seen, Date.now());
    note(entry);
    if (!entry || seen.image.kind === 'none') return;
    thumbnails.request(seen.image, (outcome) =>
      note(
        'thumbnail' in outcome
          ? history.setThumbnail(entry.seq, outcome.thumbnail)
          : history.refuseThumbnail(entry.seq, outcome.refused),
      ),
    );
  });
  const results = await context.subscribe(config.resultTopic, (message) => {
    const result = readSeenResult(message);
    if (result.status === 'unreadable') {
      logger.debug(
        { topic: message.topic, problem: result.problem },
        'a message on the result topic is not a reply',
      );
      return;
    }
    const nowMs = Date.now();
    const entry = history.addResult(result, nowMs);
    if (!entry) return;
    note(entry);
    stats.record(nowMs, {
      ...(entry.code === undefined ? {} : { code: entry.code }),
      ...(entry.latencyMs === undefined ? {} : { latencyMs: entry.latencyMs }),
    });
  });

  const flush = setInterval(() => {
    const nowMs = Date.now();
    for (const late of history.expire(nowMs, config.replyWaitMs)) {
      note(late);
      stats.record(nowMs, { code: NO_REPLY_CODE });
    }
    if (unsent.size === 0) return;
    events.send('entries', [...unsent.values()]);
    unsent.clear();
  }, FLUSH_INTERVAL_MS);
  const statsTimer = setInterval(() => events.send('stats', stats.snapshot(Date.now())), STATS_INTERVAL_MS);

  const address = pageAddress(config.address, server.port, token);
  logger.info(
    { address: config.address, port: server.port },
    `live view: ${address} (forward the port over SSH to open it from another machine: README "Live view")`,
  );
  if (!['127.0.0.1', '::1', 'localhost'].includes(config.address)) {
    logger.warn(
      { address: config.address },
      `live view listens on ${config.address}, not only on this machine`,
    );
  }

  return {
    async stop() {
      clearInterval(flush);
      clearInterval(statsTimer);
      await Promise.all([requests.close(), results.close()]);
      await server.close();
      await thumbnails.idle();
    },
  };
}
