// Results to AWS IoT Core (IoTCoreTopic, and AWS's PublishResultsOnTopic), through the nucleus's
// PublishToIoTCore. Independent of the local reply: a failed cloud publish is logged and the
// local reply is unaffected; the nucleus spools while the cloud is unreachable.
import type { Logger } from 'pino';
import type { Reply } from '../../contract/index.ts';
import { describeError } from '../../runtime/index.ts';
import { encodeReply } from '../reply.ts';
import type { ClassifierConfig } from './config.ts';

/** AWS IoT Core's largest message (AWS IoT Core quotas, "Message size": 128 KB). */
export const MAX_IOT_CORE_MESSAGE_BYTES = 128 * 1024;

export type PublishToIotCore = (topic: string, payload: Uint8Array, qos: 0 | 1) => Promise<void>;

export async function publishToCloud(
  reply: Reply,
  config: ClassifierConfig,
  thingName: string | undefined,
  publish: PublishToIotCore,
  logger: Logger,
): Promise<void> {
  await Promise.all(
    config.cloudTopics.map(async ({ topic, format }) => {
      const bytes = encodeReply(reply, format === 'aws' ? 'aws' : config.resultFormat, {
        topK: config.topK,
        scoreThreshold: config.scoreThreshold,
        ...(thingName ? { thingName } : {}),
      });
      if (bytes.length > MAX_IOT_CORE_MESSAGE_BYTES) {
        logger.error(
          { id: reply.id, topic, bytes: bytes.length },
          `result not sent to AWS IoT Core: ${bytes.length} bytes is over its ${MAX_IOT_CORE_MESSAGE_BYTES}-byte limit`,
        );
        return;
      }
      try {
        await publish(topic, bytes, config.iotCoreQos);
      } catch (error) {
        logger.warn(
          { id: reply.id, topic, err: describeError(error) },
          'could not publish the result to AWS IoT Core; the local reply was sent',
        );
      }
    }),
  );
}
