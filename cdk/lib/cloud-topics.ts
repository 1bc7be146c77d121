// The AWS IoT Core topics the classifier publishes its results to, from the deployment's
// configuration merge (IoTCoreTopic, and AWS's PublishResultsOnTopic; README, "Send results to
// AWS IoT Core"). The core device's AWS IoT policy must allow iot:Publish on each: the nucleus
// publishes for its components with the device's certificate (AWS IoT Greengrass developer guide,
// "Minimal AWS IoT policy for AWS IoT Greengrass V2 core devices"). Pure.
import { CLASSIFIER, type ConfigurationUpdate } from './deployment-plan.ts';

const TOPIC_KEYS = ['IoTCoreTopic', 'PublishResultsOnTopic'] as const;

export function cloudTopicsOf(configuration: Readonly<Record<string, ConfigurationUpdate>>): string[] {
  const merge = configuration[CLASSIFIER]?.merge ?? {};
  const topics = TOPIC_KEYS.map((key) => merge[key]).filter(
    (topic): topic is string => typeof topic === 'string' && topic !== '',
  );
  for (const topic of topics)
    if (/[+#*]/.test(topic))
      throw new Error(`the classifier's AWS IoT Core topic '${topic}' must not contain +, # or *`);
  return [...new Set(topics)];
}
