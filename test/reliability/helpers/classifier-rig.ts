// com.custom.ImageClassifier as a real process on the real IPC server, configured from its
// recipe's DefaultConfiguration, plus an unmodified SDK client that publishes requests and
// collects the replies: the set-up every reliability test starts from.
import path from 'node:path';
import type { JsonObject } from '../../../emulator/util/json.ts';
import { type Harness, type SdkClient, startHarness } from '../../emulator/helpers/ipc-harness.ts';
import { NodeComponent, REPO_ROOT } from '../../helpers/node-component.ts';
import { CLASSIFIER, recipeDefaults } from '../../helpers/recipe-defaults.ts';
import { ReplyCollector } from '../../helpers/reply-collector.ts';

export const TEST_CLIENT = 'test.client';
export const MODELS_DIR = path.join(REPO_ROOT, 'models');

export type TestMessage = { readonly json: unknown } | { readonly binary: Uint8Array | string };

/** Starts the classifier process; resolve `running` to wait for its UpdateState RUNNING. */
export async function launchClassifier(
  harness: Harness,
  configuration: JsonObject,
  env: NodeJS.ProcessEnv = {},
): Promise<{ classifier: NodeComponent; running: Promise<void> }> {
  harness.server.configuration.replace(CLASSIFIER, {
    ...(await recipeDefaults(CLASSIFIER)),
    ...configuration,
  });
  const running = new Promise<void>((resolve) => {
    const stop = harness.server.onStateReported((component, state) => {
      if (component === CLASSIFIER && state === 'RUNNING') {
        stop();
        resolve();
      }
    });
  });
  const classifier = new NodeComponent('components/classifier/main.ts', {
    SVCUID: harness.server.tokens.issue(CLASSIFIER),
    AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT: harness.server.socketPath,
    MODELS_DIR,
    ...env,
  });
  return { classifier, running };
}

/** An SDK client allowed to publish requests and read replies, with its reply collector. */
export async function connectTestClient(
  harness: Harness,
): Promise<{ client: SdkClient; replies: ReplyCollector; send: (message: TestMessage) => Promise<void> }> {
  const client = await harness.connect(
    harness.addComponent(TEST_CLIENT, { publish: ['local/inference'], subscribe: ['local/result'] }),
  );
  const replies = await ReplyCollector.start(client);
  const send = async (message: TestMessage): Promise<void> => {
    await client.publishToTopic({
      topic: 'local/inference',
      publishMessage:
        'json' in message
          ? { jsonMessage: { message: message.json } }
          : { binaryMessage: { message: message.binary } },
    });
  };
  return { client, replies, send };
}

export interface ClassifierRig {
  readonly harness: Harness;
  readonly classifier: NodeComponent;
  readonly client: SdkClient;
  readonly replies: ReplyCollector;
  send(message: TestMessage): Promise<void>;
  close(): Promise<void>;
}

/** A fresh IPC server, the classifier RUNNING on it, and a connected test client. */
export async function startClassifierRig(
  configuration: JsonObject = {},
  env: NodeJS.ProcessEnv = {},
): Promise<ClassifierRig> {
  const harness = await startHarness();
  const { classifier, running } = await launchClassifier(harness, configuration, env);
  const { client, replies, send } = await connectTestClient(harness);
  await Promise.race([
    running,
    classifier.exited.then(({ code }) => {
      throw new Error(`the classifier exited (${code}) before RUNNING:\n${classifier.tail()}`);
    }),
  ]);
  return {
    harness,
    classifier,
    client,
    replies,
    send,
    async close() {
      await classifier.stop();
      await harness.close();
    },
  };
}
