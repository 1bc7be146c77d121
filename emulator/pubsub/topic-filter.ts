// Local pub/sub topics and filters as the classic nucleus treats them (docs/ipc-protocol.md#local-publishsubscribe,
// nucleus `SubscriptionTrie.java`): levels split on `/`; `+` matches exactly one level; `#` as
// the last level matches one or more further levels (so `a/#` matches `a/b`, not `a`); a lone
// `#` matches every topic; `+`/`#` inside a level, and `#` before the last level, are literal.

export type ReceiveMode = 'RECEIVE_ALL_MESSAGES' | 'RECEIVE_MESSAGES_FROM_OTHERS';

export const SINGLE_LEVEL_WILDCARD = '+';
export const MULTI_LEVEL_WILDCARD = '#';

export interface TopicFilter {
  readonly text: string;
  readonly levels: readonly string[];
  /** A `+` level anywhere or a trailing `#` level. */
  readonly hasWildcard: boolean;
}

/** Java `String.split("/")` semantics: trailing empty levels are dropped, so `a/b/` is `a/b`. */
export function splitTopicLevels(topic: string): string[] {
  const levels = topic.split('/');
  while (levels.length > 1 && levels[levels.length - 1] === '') levels.pop();
  return levels;
}

/** The key under which a topic without wildcards is stored and looked up. */
export function normalizeTopic(topic: string): string {
  return topic.endsWith('/') ? splitTopicLevels(topic).join('/') : topic;
}

export function parseTopicFilter(text: string): TopicFilter {
  const levels = splitTopicLevels(text);
  const last = levels.length - 1;
  const hasWildcard = levels.some(
    (level, index) => level === SINGLE_LEVEL_WILDCARD || (level === MULTI_LEVEL_WILDCARD && index === last),
  );
  return { text, levels, hasWildcard };
}

export function matchesTopicFilter(filter: TopicFilter, topicLevels: readonly string[]): boolean {
  const { levels } = filter;
  const last = levels.length - 1;
  for (let index = 0; index < levels.length; index += 1) {
    const level = levels[index];
    if (level === MULTI_LEVEL_WILDCARD && index === last) return topicLevels.length > index;
    if (index >= topicLevels.length) return false;
    if (level !== SINGLE_LEVEL_WILDCARD && level !== topicLevels[index]) return false;
  }
  return topicLevels.length === levels.length;
}

/** receiveMode when the request leaves it out (docs/ipc-protocol.md#local-publishsubscribe): others-only for wildcard filters. */
export function defaultReceiveMode(filter: TopicFilter): ReceiveMode {
  return filter.hasWildcard ? 'RECEIVE_MESSAGES_FROM_OTHERS' : 'RECEIVE_ALL_MESSAGES';
}

/** A publish topic may not contain `+`, `#` or `*` anywhere (docs/ipc-protocol.md#local-publishsubscribe). */
export function publishTopicHasWildcard(topic: string): boolean {
  return /[+#*]/.test(topic);
}
