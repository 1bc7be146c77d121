// Which component versions have run their Install step. The local core runs Install once per
// version (and again when the Install step itself changes, as the nucleus reinstalls then,
// docs/greengrass-behaviour.md#lifecycle) instead of at every core start. The file-backed ledger keeps this
// across core restarts in `<root>/config/install-ledger.json`. Keys are install-fingerprint.ts's.

import fs from 'node:fs';
import { writeJsonFileAtomic } from '../files/atomic-file.ts';

export interface InstallLedger {
  isInstalled(componentName: string, fingerprint: string): boolean;
  recordInstalled(componentName: string, fingerprint: string): void;
  forget(componentName: string): void;
}

export class MemoryInstallLedger implements InstallLedger {
  protected readonly entries = new Map<string, string>();

  isInstalled(componentName: string, fingerprint: string): boolean {
    return this.entries.get(componentName) === fingerprint;
  }

  recordInstalled(componentName: string, fingerprint: string): void {
    this.entries.set(componentName, fingerprint);
  }

  forget(componentName: string): void {
    this.entries.delete(componentName);
  }
}

export class FileInstallLedger extends MemoryInstallLedger {
  readonly #file: string;

  constructor(file: string) {
    super();
    this.#file = file;
    let stored: unknown = {};
    try {
      stored = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') stored = {}; // unreadable ledger: reinstall everything
    }
    if (typeof stored === 'object' && stored !== null) {
      for (const [name, fingerprint] of Object.entries(stored)) {
        if (typeof fingerprint === 'string') this.entries.set(name, fingerprint);
      }
    }
  }

  override recordInstalled(componentName: string, fingerprint: string): void {
    super.recordInstalled(componentName, fingerprint);
    this.#save();
  }

  override forget(componentName: string): void {
    super.forget(componentName);
    this.#save();
  }

  #save(): void {
    writeJsonFileAtomic(this.#file, Object.fromEntries(this.entries));
  }
}
