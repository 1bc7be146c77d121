// Resources of `aws.greengrass.ipc.mqttproxy` policies: the glob of every policy (`*` for all
// topics, resource-glob.ts), and MQTT wildcards besides: a policy for `test/topic/#` allows
// publishing to and subscribing to `test/topic/filter`, and subscribing to `test/topic/#`
// (AWS IoT Greengrass developer guide, "Publish/subscribe AWS IoT Core MQTT messages"). Pure.
import { filterCovers } from '../iotcore/mqtt-topics.ts';
import { matchesResourcePattern, type ResourcePattern } from './resource-glob.ts';

export function matchesMqttResource(pattern: ResourcePattern, resource: string): boolean {
  return matchesResourcePattern(pattern, resource) || filterCovers(pattern.source, resource);
}
