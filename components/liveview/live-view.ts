// com.custom.LiveView: watches the request and result topics, keeps the last HistorySize
// requests with their replies and thumbnails, and serves them as a live page. It only listens:
// it never publishes, and a request it cannot read is shown as such, never dropped silently.
// Configuration updates apply live, as the nucleus expects (it does not restart a component for
// a configuration change): new topics are subscribed, a new Address or Port moves the page, a new
// Token disconnects the open pages, new ImageRoots or thumbnail limits apply to the next request.
import { createImagePathPolicy } from '../image-files/path-policy.ts';
import type { ComponentContext, IncomingMessage, RunningComponent, Subscription } from '../runtime/index.ts';
import { generateToken } from './access.ts';
import type { LiveViewConfig } from './config.ts';
import type { Entry } from './entry.ts';
import { EventStream, formatEvent } from './event-stream.ts';
import { History } from './history.ts';
import { type RunningServer, startHttpServer } from './http-server.ts';
import { pageAddress } from './page-address.ts';
import { readPageFiles } from './page-files.ts';
import { readSeenRequest } from './request-view.ts';
import { readSeenResult } from './result-view.ts';
import { ThumbnailMaker, type ThumbnailSettings } from './thumbnails.ts';
import { NO_REPLY_CODE, TrafficStats } from './traffic-stats.ts';

/** Changed entries are sent to the pages together, this often. */
export const FLUSH_INTERVAL_MS = 200;
/** The plots' numbers are sent this often (the time axis moves even without traffic). */
export const STATS_INTERVAL_MS = 1_000;

const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

export async function startLiveView(
  context: ComponentContext<LiveViewConfig>,
  pageFolder: URL,
): Promise<RunningComponent> {
  const { logger } = context;
  const config = (): LiveViewConfig => context.config.current;
  const generatedToken = generateToken();
  const token = (): string => config().token || generatedToken;
  const history = new History(config().historySize);
  const stats = new TrafficStats();
  const events = new EventStream();
  const pageFiles = await readPageFiles(pageFolder);
  const unsent = new Map<number, Entry>();
  const note = (entry: Entry | undefined): void => {
    if (!entry) return;
    unsent.delete(entry.seq);
    unsent.set(entry.seq, entry);
    // Bounded like the history: an entry pushed out of it before the next flush is not sent.
    for (const seq of unsent.keys()) {
      if (unsent.size <= config().historySize) break;
      unsent.delete(seq);
    }
  };

  const thumbnailSettings = async (settings: LiveViewConfig): Promise<ThumbnailSettings> => ({
    policy: await createImagePathPolicy(settings.imageRoots, (root, reason) =>
      logger.warn({ root, reason }, `image root ${root} is not usable (${reason}); no thumbnails from it`),
    ),
    size: settings.thumbnailSize,
    maxImageBytes: settings.maxImageBytes,
    maxImagePixels: settings.maxImagePixels,
  });
  const thumbnails = new ThumbnailMaker(await thumbnailSettings(config()));

  const listen = async (settings: LiveViewConfig): Promise<RunningServer> => {
    const server = await startHttpServer({
      address: settings.address,
      port: settings.port,
      token,
      maxClients: () => config().maxClients,
      pageFiles,
      events,
      snapshotEvent: () =>
        formatEvent('snapshot', {
          historySize: config().historySize,
          entries: history.list(),
          stats: stats.snapshot(Date.now()),
        }),
      thumbnail: (seq) => history.thumbnail(seq),
    });
    logger.info(
      { address: settings.address, port: server.port },
      `live view: ${pageAddress(settings.address, server.port, token())} (forward the port over SSH to open it from another machine: README "Live view")`,
    );
    if (!LOOPBACK.includes(settings.address)) {
      logger.warn(
        { address: settings.address },
        `live view listens on ${settings.address}, not only on this machine`,
      );
    }
    return server;
  };
  let server: RunningServer | undefined = await listen(config());

  const onRequest = (message: IncomingMessage): void => {
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
  };
  const onResult = (message: IncomingMessage): void => {
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
  };
  let requests: Subscription = await context.subscribe(config().requestTopic, onRequest);
  let results: Subscription = await context.subscribe(config().resultTopic, onResult);

  const apply = async (next: LiveViewConfig, previous: LiveViewConfig): Promise<void> => {
    history.resize(next.historySize);
    if (next.requestTopic !== previous.requestTopic) {
      await requests.close();
      requests = await context.subscribe(next.requestTopic, onRequest);
    }
    if (next.resultTopic !== previous.resultTopic) {
      await results.close();
      results = await context.subscribe(next.resultTopic, onResult);
    }
    if (
      next.imageRoots.join('\0') !== previous.imageRoots.join('\0') ||
      next.thumbnailSize !== previous.thumbnailSize ||
      next.maxImageBytes !== previous.maxImageBytes ||
      next.maxImagePixels !== previous.maxImagePixels
    ) {
      thumbnails.reconfigure(await thumbnailSettings(next));
    }
    // Also when the last attempt to listen failed (e.g. the port was taken): try again.
    if (!server || next.address !== previous.address || next.port !== previous.port) {
      await server?.close();
      server = undefined;
      server = await listen(next);
    } else if (next.token !== previous.token) {
      // Pages let in with the old token must not keep watching.
      events.disconnectAll();
      if (server) logger.info(`live view: ${pageAddress(next.address, server.port, token())} (new token)`);
    }
    const changed = (Object.keys(next) as (keyof LiveViewConfig)[]).filter(
      (key) => JSON.stringify(next[key]) !== JSON.stringify(previous[key]),
    );
    logger.info({ changed }, `configuration applied: ${changed.join(', ') || 'nothing changed'}`);
  };
  let applying = Promise.resolve();
  const removeConfigListener = context.config.onChange((next, previous) => {
    applying = applying
      .then(() => apply(next, previous))
      .catch((error: unknown) =>
        logger.error(
          { err: String(error) },
          `configuration update not fully applied: ${error instanceof Error ? error.message : String(error)}`,
        ),
      );
  });

  const flush = setInterval(() => {
    const nowMs = Date.now();
    for (const late of history.expire(nowMs, config().replyWaitMs)) {
      note(late);
      stats.record(nowMs, { code: NO_REPLY_CODE });
    }
    if (unsent.size === 0) return;
    events.send('entries', [...unsent.values()]);
    unsent.clear();
  }, FLUSH_INTERVAL_MS);
  const statsTimer = setInterval(() => events.send('stats', stats.snapshot(Date.now())), STATS_INTERVAL_MS);

  return {
    async stop() {
      removeConfigListener();
      clearInterval(flush);
      clearInterval(statsTimer);
      await applying;
      await Promise.all([requests.close(), results.close()]);
      events.close();
      await server?.close();
      await thumbnails.idle();
    },
  };
}
