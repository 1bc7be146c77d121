// Micro-benchmark behind emulator/pubsub/sdk-publish-layout.ts: the core's work for one
// PublishToTopic with one subscriber (read the request, authorize, build the event, build the
// subscriber's frame), for the SDK's own request layout (fast path) and for the same request
// with a leading space (general path: decode, JSON.parse, re-encode).
// Run: npx tsx scripts/bench/micro/ipc-publish.ts   (prints microseconds per publish; lower is better)

import { createAccessControlAuthorizer } from '../../../emulator/auth/authorizer.ts';
import { PUBSUB_SERVICE_ID } from '../../../emulator/auth/policy.ts';
import { TokenRegistry } from '../../../emulator/auth/tokens.ts';
import { ConfigurationStore } from '../../../emulator/config/configuration-store.ts';
import { buildRpcFrame, rpcFrameTemplate } from '../../../emulator/ipc/frame-codec.ts';
import { DEFAULT_IPC_LIMITS } from '../../../emulator/ipc/limits.ts';
import { createPublishToTopicHandler } from '../../../emulator/ipc/operations/publish-to-topic.ts';
import { lookupOperation } from '../../../emulator/ipc/service-model.ts';
import { CLASSIC_NUCLEUS } from '../../../emulator/platform/nucleus-flavour.ts';
import { Broker } from '../../../emulator/pubsub/broker.ts';
import { parseTopicFilter } from '../../../emulator/pubsub/topic-filter.ts';
import type { JsonObject } from '../../../emulator/util/json.ts';

const configuration = new ConfigurationStore();
configuration.replace('bench', {
  accessControl: { [PUBSUB_SERVICE_ID]: { 'bench:1': { operations: ['*'], resources: ['*'] } } },
});
const broker = new Broker();
const eventTemplate = rpcFrameTemplate({
  type: 'ApplicationMessage',
  flags: 0,
  contentType: 'application/json',
  modelType: 'aws.greengrass#SubscriptionResponseMessage',
});
let sink = 0;
broker.subscribe({
  principal: 'subscriber',
  filter: parseTopicFilter('local/inference'),
  receiveMode: 'RECEIVE_ALL_MESSAGES',
  deliver: (body) => {
    sink += buildRpcFrame(eventTemplate, 1, body).length;
  },
});
const publish = createPublishToTopicHandler({
  broker,
  configuration,
  tokens: new TokenRegistry(),
  maxFrameBytes: DEFAULT_IPC_LIMITS.maxFrameBytes,
  configurationSubscriptions: { count: 0 },
  nucleus: CLASSIC_NUCLEUS,
  reportState: () => {},
  authorizer: createAccessControlAuthorizer({
    lookupAccessControl: (principal) => configuration.node(principal, ['accessControl']),
    serviceOperations: new Map([[PUBSUB_SERVICE_ID, new Set(['aws.greengrass#PublishToTopic'])]]),
    onPolicyProblem: () => {},
  }),
});
const operationModel = lookupOperation('aws.greengrass#PublishToTopic');
if (!operationModel) throw new Error('PublishToTopic missing from the service model');
const operation = operationModel;

function microsecondsPerPublish(text: string, iterations: number): number {
  const body = Buffer.from(text);
  const run = () => {
    let request: JsonObject | undefined;
    publish({
      principal: 'bench',
      operation,
      connectionId: 1,
      body,
      get request() {
        request ??= JSON.parse(body.toString()) as JsonObject;
        return request;
      },
    });
  };
  for (let index = 0; index < Math.ceil(iterations / 10); index += 1) run();
  const started = process.hrtime.bigint();
  for (let index = 0; index < iterations; index += 1) run();
  return Number(process.hrtime.bigint() - started) / 1000 / iterations;
}

const cases: Array<[string, JsonObject, number]> = [
  [
    'JSON request, 80 B',
    { jsonMessage: { message: { id: 'req-1', image_dir: '/tmp/images', fname: 'pelican.jpeg' } } },
    20_000,
  ],
  ['binary, 1 KiB', { binaryMessage: { message: Buffer.alloc(1024, 7).toString('base64') } }, 20_000],
  ['binary, 150 KiB', { binaryMessage: { message: Buffer.alloc(150 * 1024, 7).toString('base64') } }, 300],
];
console.log(
  ['payload', 'SDK layout (fast)', 'other layout (general)'].map((cell) => cell.padStart(24)).join(''),
);
for (const [name, publishMessage, iterations] of cases) {
  const text = JSON.stringify({ topic: 'local/inference', publishMessage });
  const fast = microsecondsPerPublish(text, iterations);
  const general = microsecondsPerPublish(` ${text}`, iterations);
  console.log([name, fast.toFixed(1), general.toFixed(1)].map((cell) => cell.padStart(24)).join(''));
}
if (sink === 0) throw new Error('nothing delivered');
