// The local publish/subscribe registry and fan-out (docs/ipc-protocol.md#local-publishsubscribe). Pure and synchronous:
// a publish hands the same encoded event body to every matching subscription in registration
// order, on the caller's stack, so each subscriber sees messages in publish order without any
// queue or promise. What `deliver` does with the bytes (and with a stuck reader) is the
// connection's business.

import type { FrameBody } from '../ipc/frame-codec.ts';
import {
  matchesTopicFilter,
  normalizeTopic,
  type ReceiveMode,
  splitTopicLevels,
  type TopicFilter,
} from './topic-filter.ts';

export interface SubscriptionSpec {
  /** Component that subscribed; "self" for receiveMode means the same component name. */
  readonly principal: string;
  readonly filter: TopicFilter;
  readonly receiveMode: ReceiveMode;
  /** Delivers one encoded SubscriptionResponseMessage body. */
  readonly deliver: (eventBody: FrameBody) => void;
}

export class Broker {
  /** Filters without wildcards, by normalised topic. */
  readonly #exact = new Map<string, Set<SubscriptionSpec>>();
  readonly #wildcard = new Set<SubscriptionSpec>();
  #count = 0;

  get subscriptionCount(): number {
    return this.#count;
  }

  /** Registers a subscription; the returned function removes it (idempotent). */
  subscribe(subscription: SubscriptionSpec): () => void {
    const entry = { ...subscription };
    let bucket: Set<SubscriptionSpec>;
    if (entry.filter.hasWildcard) {
      bucket = this.#wildcard;
    } else {
      const key = normalizeTopic(entry.filter.text);
      bucket = this.#exact.get(key) ?? new Set();
      this.#exact.set(key, bucket);
    }
    bucket.add(entry);
    this.#count += 1;
    return () => {
      if (!bucket.delete(entry)) return;
      this.#count -= 1;
      if (bucket.size === 0 && bucket !== this.#wildcard)
        this.#exact.delete(normalizeTopic(entry.filter.text));
    };
  }

  /** Delivers to every matching subscription; returns how many received it. */
  publish(publisher: string, topic: string, eventBody: FrameBody): number {
    let delivered = 0;
    const exact = this.#exact.get(normalizeTopic(topic));
    if (exact) {
      for (const subscription of exact) {
        if (acceptsFrom(subscription, publisher)) {
          subscription.deliver(eventBody);
          delivered += 1;
        }
      }
    }
    if (this.#wildcard.size > 0) {
      const levels = splitTopicLevels(topic);
      for (const subscription of this.#wildcard) {
        if (acceptsFrom(subscription, publisher) && matchesTopicFilter(subscription.filter, levels)) {
          subscription.deliver(eventBody);
          delivered += 1;
        }
      }
    }
    return delivered;
  }
}

function acceptsFrom(subscription: SubscriptionSpec, publisher: string): boolean {
  return subscription.receiveMode === 'RECEIVE_ALL_MESSAGES' || subscription.principal !== publisher;
}
