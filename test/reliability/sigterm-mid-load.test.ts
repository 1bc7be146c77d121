// SIGTERM while the classifier holds a queue of admitted requests: it stops taking new ones,
// keeps classifying the queued ones for up to SHUTDOWN_DRAIN_MS and answers any left BUSY (so
// the drain fits in the nucleus's stop grace period), closes IPC and exits 0 (which a nucleus
// records as FINISHED, not ERRORED). Every request it received gets exactly one reply.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/node-component.ts';
import { type ClassifierRig, startClassifierRig } from './helpers/classifier-rig.ts';

const PHOTOS = path.join(REPO_ROOT, 'models/files');
/** Under the recipe's MaxQueue (64), so every request is admitted; about 1 s of work. */
const REQUESTS = 48;

let rig: ClassifierRig;
beforeAll(async () => {
  rig = await startClassifierRig({ ImageRoots: [PHOTOS] });
}, 60_000);
afterAll(async () => {
  await rig?.close();
});

it('answers every request it received after SIGTERM mid-load, even sent twice, then exits 0', async () => {
  const { classifier, replies } = rig;
  const ids = Array.from({ length: REQUESTS }, (_, index) => `load-${index}`);
  const photos = ['pelican.jpeg', 'macaw.jpg', 'cat.jpeg', 'dog.jpg'];
  await Promise.all(
    ids.map((id, index) =>
      rig.send({ json: { id, image: { path: path.join(PHOTOS, photos[index % 4] as string) } } }),
    ),
  );
  // Every request is in the classifier (logged on admission) before the signal.
  let received = 0;
  await classifier.waitFor(
    (line) => line.msg === 'request' && ++received === REQUESTS,
    `${REQUESTS} requests`,
  );
  // Again once it is draining, as a parent relaying the group's signal would: the drain goes on.
  classifier.kill('SIGTERM');
  await classifier.waitFor((line) => line.msg === 'finishing requests in flight', 'the drain');
  classifier.kill('SIGTERM');

  const { code, signal } = await classifier.exited;
  expect({ code, signal }).toEqual({ code: 0, signal: null });
  await replies.waitForCount(REQUESTS);

  const inFlight = Number((await classifier.waitForMessage('finishing requests in flight')).inFlight);
  expect(inFlight, 'requests still queued when SIGTERM arrived').toBeGreaterThan(0);
  const answeredBusy = Number(
    classifier.lines.find((line) => line.msg.startsWith('drain time is up'))?.answeredBusy ?? 0,
  );
  for (const id of ids) expect(replies.count(id), id).toBe(1);
  expect(replies.all).toHaveLength(REQUESTS);
  const busy = replies.all.filter((reply) => reply.status === 'error');
  expect(busy.every((reply) => reply.status === 'error' && reply.error.code === 'BUSY')).toBe(true);
  expect(busy).toHaveLength(answeredBusy);
  expect(classifier.messages().filter((msg) => msg.startsWith('reply lost'))).toEqual([]);
  expect(classifier.lines.filter((line) => line.level === 'error')).toEqual([]);
  expect(classifier.lines.some((line) => line.msg === 'component running')).toBe(true);
  console.info(
    `SIGTERM mid-load: ${inFlight} of ${REQUESTS} requests in flight at the signal (${answeredBusy} answered BUSY at the drain deadline), all answered, exit 0`,
  );
}, 60_000);
