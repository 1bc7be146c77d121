// Component configuration read over IPC (GetConfiguration) and kept current with
// SubscribeToConfigurationUpdate. Every version passes the component's schema once, is frozen,
// and replaces the previous one; an invalid update is logged and ignored (the last good
// configuration stays in force), so a bad deployment cannot take a running component down.
import type { Logger } from 'pino';
import type { z } from 'zod';
import { describeError, RuntimeError } from './errors.ts';
import { deepFreeze } from './freeze.ts';
import type { IpcConnection } from './ipc/connection.ts';

/**
 * The first read, where a stored value the component refused earlier must not stop it from
 * starting: the nucleus keeps a refused live update in the component's configuration (it cannot
 * know the component refused it), so the next start would fail on it every time, until BROKEN.
 * Each top-level key that fails the schema falls back to its default, said in one error line;
 * only what still fails after that (no default, or keys invalid together) stops the start.
 */
function parseAtStart<T>(
  schema: z.ZodType<T>,
  raw: unknown,
  logger: Logger,
): ReturnType<z.ZodType<T>['safeParse']> {
  const parsed = schema.safeParse(raw);
  if (parsed.success || typeof raw !== 'object' || raw === null || Array.isArray(raw)) return parsed;
  const refused = [
    ...new Set(parsed.error.issues.map((issue) => issue.path[0]).filter((key) => typeof key === 'string')),
  ];
  if (refused.length === 0) return parsed;
  const withoutRefused = Object.fromEntries(Object.entries(raw).filter(([key]) => !refused.includes(key)));
  const retried = schema.safeParse(withoutRefused);
  if (retried.success) {
    logger.error(
      { code: 'CONFIG_REFUSED', keys: refused },
      `configuration refused at start: ${formatIssues(parsed.error)}; running with the default of ${refused.join(', ')} (fix or RESET ${refused.map((key) => `/${key}`).join(', ')} in a deployment)`,
    );
  }
  return retried.success ? retried : parsed;
}

export type ConfigurationListener<T> = (next: Readonly<T>, previous: Readonly<T>) => void;

export class ConfigurationWatcher<T> {
  #current: Readonly<T>;
  #currentText: string;
  #refreshing: Promise<void> = Promise.resolve();
  #closed = false;
  readonly #listeners = new Set<ConfigurationListener<T>>();
  readonly #removeHook: () => void;

  private constructor(
    private readonly connection: IpcConnection,
    private readonly schema: z.ZodType<T>,
    private readonly logger: Logger,
    initial: { value: Readonly<T>; text: string },
    removeHook: () => void,
  ) {
    this.#current = initial.value;
    this.#currentText = initial.text;
    this.#removeHook = removeHook;
  }

  /** Reads and validates the configuration; throws CONFIG_INVALID when the first read fails the schema. */
  static async start<T>(
    connection: IpcConnection,
    schema: z.ZodType<T>,
    logger: Logger,
  ): Promise<ConfigurationWatcher<T>> {
    let watcher: ConfigurationWatcher<T> | undefined;
    let firstSession = true;
    // Subscribe before the first read so that no update can fall between the two.
    const removeHook = await connection.addSessionHook(async (client) => {
      const stream = client.subscribeToConfigurationUpdate({ keyPath: [] });
      stream.on('message', () => watcher?.refresh());
      stream.on('streamError', (error) =>
        logger.debug({ err: describeError(error) }, 'configuration stream error'),
      );
      await stream.activate();
      // After a reconnection, catch up on changes made while we were away.
      if (!firstSession) watcher?.refresh();
      firstSession = false;
    });
    const raw = await readConfiguration(connection).catch((error: unknown) => {
      removeHook();
      throw error;
    });
    const parsed = parseAtStart(schema, raw, logger);
    if (!parsed.success) {
      removeHook();
      throw new RuntimeError(
        'CONFIG_INVALID',
        `invalid component configuration: ${formatIssues(parsed.error)}`,
      );
    }
    watcher = new ConfigurationWatcher(
      connection,
      schema,
      logger,
      { value: deepFreeze(parsed.data), text: JSON.stringify(raw) },
      removeHook,
    );
    return watcher;
  }

  get current(): Readonly<T> {
    return this.#current;
  }

  onChange(listener: ConfigurationListener<T>): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Re-reads the configuration; refreshes are serialised so updates apply in order. */
  refresh(): Promise<void> {
    this.#refreshing = this.#refreshing.then(() => this.#refreshOnce());
    return this.#refreshing;
  }

  close(): void {
    this.#closed = true;
    this.#removeHook();
    this.#listeners.clear();
  }

  async #refreshOnce(): Promise<void> {
    if (this.#closed) return;
    let raw: unknown;
    try {
      raw = await readConfiguration(this.connection);
    } catch (error) {
      this.logger.warn(
        { err: describeError(error) },
        'could not re-read the configuration; keeping the current one',
      );
      return;
    }
    const text = JSON.stringify(raw);
    if (text === this.#currentText) return;
    const parsed = this.schema.safeParse(raw);
    if (!parsed.success) {
      this.logger.error(
        { issues: formatIssues(parsed.error) },
        'configuration update rejected; keeping the current configuration',
      );
      return;
    }
    const previous = this.#current;
    this.#current = deepFreeze(parsed.data);
    this.#currentText = text;
    this.logger.info('configuration updated');
    for (const listener of this.#listeners) {
      // A throwing listener must not end live configuration (the refresh chain would stay rejected).
      try {
        listener(this.#current, previous);
      } catch (error) {
        this.logger.error({ err: describeError(error) }, 'a configuration listener failed');
      }
    }
  }
}

async function readConfiguration(connection: IpcConnection): Promise<unknown> {
  try {
    const response = await connection.run((client) => client.getConfiguration({ keyPath: [] }));
    return response.value ?? {};
  } catch (error) {
    // A component deployed without any configuration has none to read: defaults apply.
    const code = (error as { serviceError?: { _errorCode?: string } }).serviceError?._errorCode;
    if (code === 'ResourceNotFoundError') return {};
    throw error;
  }
}

export function formatIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}
