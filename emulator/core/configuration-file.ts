// Component configuration survives a core restart, as on a device (the nucleus keeps it in its
// config store): `<root>/config/component-configuration.json` holds every component's
// configuration, rewritten (atomically) soon after any change and on close, and loaded before
// a restarted core redeploys its root components, so `--update-config` values and UpdateConfiguration
// changes are not lost. Built-in components are left out: the core sets them at start.

import fs from 'node:fs';
import path from 'node:path';
import type { ConfigurationStore } from '../config/configuration-store.ts';
import { writeJsonFileAtomic } from '../files/atomic-file.ts';
import { isJsonObject, type JsonObject } from '../util/json.ts';

export const CONFIGURATION_FILE_NAME = 'component-configuration.json';

export interface ConfigurationFileOptions {
  readonly configDir: string;
  readonly store: ConfigurationStore;
  /** Components whose configuration is not persisted (the built-ins). */
  readonly exclude: ReadonlySet<string>;
  readonly onProblem: (message: string, error?: unknown) => void;
}

export class ConfigurationFile {
  readonly file: string;
  readonly #options: ConfigurationFileOptions;
  #pending: NodeJS.Immediate | undefined;
  #stopWatching: (() => void) | undefined;

  constructor(options: ConfigurationFileOptions) {
    this.#options = options;
    this.file = path.join(options.configDir, CONFIGURATION_FILE_NAME);
  }

  /** Puts the stored configurations into the store (file time as their timestamp); returns how many. */
  load(): number {
    let text: string;
    let modifiedMs: number;
    try {
      text = fs.readFileSync(this.file, 'utf8');
      modifiedMs = fs.statSync(this.file).mtimeMs;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        this.#options.onProblem(`cannot read ${this.file}; starting without stored configuration`, error);
      return 0;
    }
    let stored: unknown;
    try {
      stored = JSON.parse(text);
    } catch (error) {
      this.#options.onProblem(`${this.file} is not JSON; starting without stored configuration`, error);
      return 0;
    }
    if (!isJsonObject(stored)) {
      this.#options.onProblem(`${this.file} is not a JSON object; starting without stored configuration`);
      return 0;
    }
    let loaded = 0;
    for (const [name, configuration] of Object.entries(stored)) {
      if (this.#options.exclude.has(name) || !isJsonObject(configuration)) continue;
      this.#options.store.replace(name, configuration, Math.floor(modifiedMs));
      loaded++;
    }
    return loaded;
  }

  /** Writes the file after every burst of changes from now on. */
  watch(): void {
    this.#stopWatching ??= this.#options.store.onChange(() => {
      this.#pending ??= setImmediate(() => {
        this.#pending = undefined;
        this.#write();
      });
    });
  }

  /** Stops watching and writes any pending change now. */
  close(): void {
    this.#stopWatching?.();
    this.#stopWatching = undefined;
    if (this.#pending === undefined) return;
    clearImmediate(this.#pending);
    this.#pending = undefined;
    this.#write();
  }

  #write(): void {
    const { store, exclude } = this.#options;
    const all: JsonObject = {};
    for (const name of store.components().sort()) {
      const found = store.get(name);
      if (!exclude.has(name) && found?.kind === 'container') all[name] = found.value;
    }
    try {
      writeJsonFileAtomic(this.file, all);
    } catch (error) {
      this.#options.onProblem(
        `cannot write ${this.file}; configuration changes will not survive a restart`,
        error,
      );
    }
  }
}
