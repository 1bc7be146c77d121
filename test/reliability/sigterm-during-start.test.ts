// SIGTERM while the classifier is still loading its model (it subscribes first, so requests can
// queue during the load): the start finishes, is stopped like a running component, and the
// process exits 0 well inside the stop grace period instead of being cut off by the guard.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startHarness } from '../emulator/helpers/ipc-harness.ts';
import { launchClassifier } from './helpers/classifier-rig.ts';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

it('stops cleanly (exit 0) when SIGTERM arrives during the model load', async () => {
  const { classifier } = await launchClassifier(harness, {});
  await classifier.waitForMessage('subscribed');
  classifier.kill('SIGTERM');
  const { code, signal } = await classifier.exited;
  const messages = classifier.lines.map((line) => line.msg);
  // The signal came before the start had finished: the case under test.
  expect(messages.indexOf('stopping')).toBeLessThan(
    messages.includes('component running') ? messages.indexOf('component running') : Number.POSITIVE_INFINITY,
  );
  expect(messages).not.toContain('shutdown did not finish in time; exiting');
  expect({ code, signal }).toEqual({ code: 0, signal: null });
}, 30_000);
