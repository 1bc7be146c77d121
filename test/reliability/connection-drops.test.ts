// The IPC server drops every connection while the requester and the classifier (both real
// processes, configured from their recipes) have requests in flight. Both reconnect and
// subscribe again, later requests are answered, and every request the requester sent ends in
// exactly one logged outcome: a `result:` line or a `timeout:` line, never silence.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startHarness } from '../emulator/helpers/ipc-harness.ts';
import { type LogLine, NodeComponent, REPO_ROOT } from '../helpers/node-component.ts';
import { REQUESTER, recipeDefaults } from '../helpers/recipe-defaults.ts';
import { launchClassifier } from './helpers/classifier-rig.ts';

const PHOTOS = path.join(REPO_ROOT, 'models/files');
/** Short, so requests lost in the gap are reported quickly; normal replies take ~20 ms. */
const REPLY_TIMEOUT_MS = 1000;
const INTERVAL_MS = 30;
/** Requests the requester sends while the classifier has no subscription: all of them are lost. */
const REQUESTS_IN_GAP = 3;

let harness: Harness;
let classifier: NodeComponent;
let requester: NodeComponent;

beforeAll(async () => {
  harness = await startHarness();
  const launched = await launchClassifier(harness, { ImageRoots: [PHOTOS] });
  classifier = launched.classifier;
  await launched.running;
  // Count 0 (forever) for now; the test sets Count once the faults are over.
  harness.server.configuration.replace(REQUESTER, {
    ...(await recipeDefaults(REQUESTER)),
    IntervalMs: INTERVAL_MS,
    ReplyTimeoutMs: REPLY_TIMEOUT_MS,
    Count: 0,
  });
  requester = new NodeComponent('components/requester/main.ts', {
    SVCUID: harness.server.tokens.issue(REQUESTER),
    AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT: harness.server.socketPath,
    DEFAULT_IMAGE_DIRECTORY: PHOTOS,
  });
}, 60_000);

afterAll(async () => {
  classifier?.kill('SIGCONT');
  await Promise.all([requester?.stop(), classifier?.stop()]);
  await harness?.close();
});

const messages = (component: NodeComponent, prefix: string): LogLine[] =>
  component.lines.filter((line) => line.msg.startsWith(prefix));

/** Waits until `component` has logged `count` lines starting with `prefix` after line `from`. */
function waitForCount(component: NodeComponent, prefix: string, count: number, from = 0): Promise<LogLine> {
  let seen = 0;
  return component.waitFor((line) => {
    if (component.lines.indexOf(line) < from || !line.msg.startsWith(prefix)) return false;
    seen += 1;
    return seen >= count;
  }, `${count} "${prefix}" lines`);
}

it('reconnects after every connection is dropped, answers later requests and reports lost ones as timeouts', async () => {
  await waitForCount(requester, 'result: ', 5);

  // 1. Drop everything while requests are in flight: both components reconnect and resubscribe.
  let mark = { classifier: classifier.lines.length, requester: requester.lines.length };
  expect(harness.server.dropAllConnections('fault test: drop while in flight')).toBeGreaterThanOrEqual(2);
  await Promise.all([
    waitForCount(classifier, 'subscribed', 1, mark.classifier),
    waitForCount(requester, 'subscribed', 1, mark.requester),
  ]);
  await waitForCount(requester, 'result: ', 5, requester.lines.length);

  // 2. A gap nobody can bridge: the classifier is frozen (as if stalled) while the core drops the
  //    connections, so the requests sent meanwhile reach no subscriber and must time out.
  classifier.kill('SIGSTOP');
  mark = { classifier: classifier.lines.length, requester: requester.lines.length };
  harness.server.dropAllConnections('fault test: drop with the classifier stalled');
  await waitForCount(requester, 'subscribed', 1, mark.requester);
  const afterResubscribe = requester.lines.length;
  await waitForCount(requester, 'request: ', REQUESTS_IN_GAP, afterResubscribe);
  const gapIds = messages(requester, 'request: ')
    .filter((line) => requester.lines.indexOf(line) >= afterResubscribe)
    .slice(0, REQUESTS_IN_GAP)
    .map((line) => String(line.id));
  classifier.kill('SIGCONT');
  await waitForCount(classifier, 'subscribed', 1, mark.classifier);
  const classifierBack = requester.lines.length;
  await waitForCount(requester, 'result: ', 3, classifierBack);

  // 3. Finish: a few more requests, then the requester settles every reply and exits 0.
  const sentSoFar = messages(requester, 'request: ').length;
  harness.server.configuration.merge(REQUESTER, [], { Count: sentSoFar + 5 }, Date.now());
  expect((await requester.exited).code).toBe(0);

  const sent = messages(requester, 'request: ').map((line) => String(line.id));
  const outcomes = new Map<string, string[]>(sent.map((id) => [id, []]));
  for (const line of requester.lines) {
    const kind = ['result: ', 'timeout: ', 'request not sent: '].find((prefix) =>
      line.msg.startsWith(prefix),
    );
    if (kind) outcomes.get(String(line.id))?.push(kind.trim());
  }
  const withoutExactlyOne = [...outcomes].filter(([, kinds]) => kinds.length !== 1);
  expect(withoutExactlyOne, 'requests without exactly one outcome').toEqual([]);
  for (const id of gapIds) expect(outcomes.get(id)).toEqual(['timeout:']);
  const answeredAfterGap = messages(requester, 'result: ').filter(
    (line) => requester.lines.indexOf(line) >= classifierBack,
  );
  expect(answeredAfterGap.length).toBeGreaterThanOrEqual(3);
  expect(messages(requester, 'unanswered at shutdown')).toEqual([]);

  const count = (kind: string) => [...outcomes.values()].filter((kinds) => kinds[0] === kind).length;
  console.info(
    `connection drops: ${sent.length} requests: ${count('result:')} results, ${count('timeout:')} timeouts ` +
      `(${gapIds.length} sent into the gap), ${count('request not sent:')} not sent; ` +
      `classifier subscribed ${messages(classifier, 'subscribed').length} times`,
  );
  expect(classifier.running).toBe(true);
}, 60_000);
