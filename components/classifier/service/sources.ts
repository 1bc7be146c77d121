// The classifier's own sources of work besides requests on RequestTopic, started and stopped as
// the configuration asks: a file on a period (interval-source.ts, AWS's ImageDirectory +
// ImageName + InferenceInterval) and a watched folder (watch-source.ts). Their requests go
// through the same queue and reply path as any other, each allowed to read its own folder.
import path from 'node:path';
import type { Logger } from 'pino';
import type { Reply } from '../../contract/index.ts';
import type { ImagePathPolicy } from '../../image-files/path-policy.ts';
import type { ClassifierConfig } from './config.ts';
import { type IntervalSourceSettings, sameIntervalSource, startIntervalSource } from './interval-source.ts';
import type { ClassifyRequest } from './request.ts';
import { openWatchLedger } from './watch-ledger.ts';
import { sameWatchSettings, startWatchSource, type WatchSettings, type WatchSource } from './watch-source.ts';

/** The file (in the component's work folder) that remembers the watched files classified. */
export const WATCH_LEDGER_FILE = 'watched-files.jsonl';

export interface SourceHooks {
  readonly logger: Logger;
  /** The component's work folder (`{work:path}`), for the watch ledger. */
  readonly workDir: string;
  buildPolicy(roots: readonly string[]): Promise<ImagePathPolicy>;
  /** Admits the request (policy: what it may read) and resolves with its reply once sent. */
  classify(request: ClassifyRequest, policy: ImagePathPolicy): Promise<Reply>;
}

export class ConfiguredSources {
  readonly #hooks: SourceHooks;
  #interval: { settings: IntervalSourceSettings; stop: () => void } | undefined;
  #intervalRuns = 0;
  #watch: { settings: WatchSettings; source: WatchSource } | undefined;
  #watchRuns = 0;

  constructor(hooks: SourceHooks) {
    this.#hooks = hooks;
  }

  async apply(config: ClassifierConfig): Promise<void> {
    await this.#applyInterval(config.intervalSource);
    await this.#applyWatch(config.watchSource);
  }

  async stop(): Promise<void> {
    this.#interval?.stop();
    this.#interval = undefined;
    await this.#watch?.source.stop();
    this.#watch = undefined;
  }

  async #applyInterval(settings: IntervalSourceSettings | undefined): Promise<void> {
    if (sameIntervalSource(this.#interval?.settings, settings)) return;
    this.#interval?.stop();
    this.#interval = undefined;
    if (!settings) return;
    const policy = await this.#hooks.buildPolicy([settings.directory]);
    const stop = startIntervalSource(settings, (file) => {
      const request: ClassifyRequest = {
        id: `interval-${++this.#intervalRuns}`,
        source: { kind: 'path', path: file },
      };
      this.#hooks.logger.info({ id: request.id, image: file }, 'request');
      void this.#hooks.classify(request, policy);
    });
    this.#interval = { settings, stop };
  }

  async #applyWatch(settings: WatchSettings | undefined): Promise<void> {
    if (sameWatchSettings(this.#watch?.settings, settings)) return;
    await this.#watch?.source.stop();
    this.#watch = undefined;
    if (!settings) return;
    const policy = await this.#hooks.buildPolicy([settings.directory]);
    const ledger = await openWatchLedger(path.join(this.#hooks.workDir, WATCH_LEDGER_FILE));
    const source = startWatchSource({
      settings,
      ledger,
      logger: this.#hooks.logger,
      classify: (file) => {
        const request: ClassifyRequest = {
          id: `watch-${++this.#watchRuns}-${path.basename(file)}`,
          source: { kind: 'path', path: file },
        };
        this.#hooks.logger.info({ id: request.id, image: file }, 'request');
        return this.#hooks.classify(request, policy);
      },
    });
    this.#watch = { settings, source };
  }
}
