// MQTT topic names and filters as AWS IoT Core and the MQTT 3.1.1 specification define them
// (https://docs.oasis-open.org/mqtt/mqtt/v3.1.1/os/mqtt-v3.1.1-os.html, 4.7): levels split on
// `/`; `+` matches exactly one level; `#`, only as the whole last level, matches the parent and
// every level below (`a/#` matches `a` and `a/b/c`). Unlike local pub/sub, a `+` or `#` inside a
// level makes the filter invalid. Pure.

const SINGLE = '+';
const MULTI = '#';

export type TopicCheck = { readonly ok: true } | { readonly ok: false; readonly problem: string };

/** AWS IoT Core's topic limits (AWS IoT Core developer guide, "Topics"; "AWS IoT Core quotas"). */
export const MAX_TOPIC_BYTES = 256;
export const MAX_TOPIC_LEVELS = 8;

export function checkPublishTopic(topic: string): TopicCheck {
  if (topic === '') return { ok: false, problem: 'topic must not be empty' };
  if (topic.includes(SINGLE) || topic.includes(MULTI))
    return { ok: false, problem: `publish topic ${JSON.stringify(topic)} must not contain + or #` };
  return checkSize(topic);
}

export function checkTopicFilter(filter: string): TopicCheck {
  if (filter === '') return { ok: false, problem: 'topic filter must not be empty' };
  const levels = filter.split('/');
  for (const [index, level] of levels.entries()) {
    if (level.includes(MULTI) && (level !== MULTI || index !== levels.length - 1))
      return { ok: false, problem: `# must be the whole last level of ${JSON.stringify(filter)}` };
    if (level.includes(SINGLE) && level !== SINGLE)
      return { ok: false, problem: `+ must be a whole level of ${JSON.stringify(filter)}` };
  }
  return checkSize(filter);
}

function checkSize(topic: string): TopicCheck {
  const bytes = Buffer.byteLength(topic, 'utf8');
  if (bytes > MAX_TOPIC_BYTES)
    return { ok: false, problem: `topic is ${bytes} bytes, over ${MAX_TOPIC_BYTES}` };
  // AWS IoT Core counts the slashes: at most 7, so 8 levels (a reserved $aws/ prefix aside).
  const levels = topic.split('/').length;
  if (levels > MAX_TOPIC_LEVELS)
    return { ok: false, problem: `topic has ${levels} levels, over ${MAX_TOPIC_LEVELS}` };
  return { ok: true };
}

/** Whether `topic` (no wildcards) matches `filter`. */
export function topicMatches(filter: string, topic: string): boolean {
  const want = filter.split('/');
  const have = topic.split('/');
  for (let index = 0; index < want.length; index++) {
    const level = want[index];
    if (level === MULTI) return true;
    if (index >= have.length) return false;
    if (level !== SINGLE && level !== have[index]) return false;
  }
  return want.length === have.length;
}

/**
 * Whether every topic `requested` (a topic or a filter) can match is matched by `allowed`: the
 * rule of `aws.greengrass.ipc.mqttproxy` policies, where a policy for `test/topic/#` lets a
 * component subscribe to `test/topic/#` and to `test/topic/filter` (AWS IoT Greengrass developer
 * guide, "Publish/subscribe AWS IoT Core MQTT messages", "MQTT wildcards in ... policies").
 */
export function filterCovers(allowed: string, requested: string): boolean {
  const want = allowed.split('/');
  const have = requested.split('/');
  for (let index = 0; index < want.length; index++) {
    const level = want[index];
    if (level === MULTI) return true;
    if (index >= have.length) return false;
    const asked = have[index];
    if (asked === MULTI) return false;
    if (level === SINGLE) continue;
    if (asked === SINGLE || asked !== level) return false;
  }
  return want.length === have.length;
}
