// What identifies an installation (pure): the nucleus reinstalls for a new version or a changed
// Install step (docs/greengrass-behaviour.md#lifecycle), so those are exactly what the fingerprint covers.

import { createHash } from 'node:crypto';
import type { LifecycleStep } from '../recipes/lifecycle-definition.ts';

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
