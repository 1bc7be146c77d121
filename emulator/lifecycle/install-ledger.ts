// Which component versions have run their Install step. The local core runs Install once per
// version (and again when the Install step itself changes, as the nucleus reinstalls then,
// greengrass-reference 3.5) instead of at every core start. The file-backed ledger keeps this
// across core restarts in `<root>/config/install-ledger.json`.

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { LifecycleStep } from '../recipes/lifecycle-definition.ts';

export interface InstallLedger {
  isInstalled(componentName: string, fingerprint: string): boolean;
  recordInstalled(componentName: string, fingerprint: string): void;
  forget(componentName: string): void;
}

/**
 * Version plus a hash of the Install step itself: the nucleus reinstalls for a new version or a
 * changed Install step, and only restarts for other lifecycle or Setenv changes (reference 3.5).
 */
export function installFingerprint(version: string, install: LifecycleStep | undefined): string {
  const material = JSON.stringify([
    install?.script ?? '',
    install?.setenv ?? {},
    install?.skipIf ?? null,
    install?.requiresPrivilege ?? false,
  ]);
  return `${version}#${createHash('sha256').update(material).digest('hex').slice(0, 16)}`;
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
    fs.mkdirSync(path.dirname(this.#file), { recursive: true });
    const temporary = `${this.#file}.tmp`;
    fs.writeFileSync(temporary, `${JSON.stringify(Object.fromEntries(this.entries), null, 2)}\n`);
    fs.renameSync(temporary, this.#file);
  }
}
