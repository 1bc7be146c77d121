// The labels of the machine this core runs on.

import os from 'node:os';
import type { PlatformLabels } from '../recipes/platform-match.ts';
import { platformLabels } from './platform-labels.ts';

export function detectPlatform(overrides: PlatformLabels = {}): PlatformLabels {
  return platformLabels({ platform: process.platform, arch: process.arch, machine: os.machine() }, overrides);
}
