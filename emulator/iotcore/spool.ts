// Messages for AWS IoT Core kept while the connection is down, oldest first, bounded by count
// and bytes: a new message that does not fit pushes out the oldest ones (the nucleus's spooler
// bounds its memory the same way, `spooler.maxSizeInBytes`; AWS IoT Greengrass developer guide,
// "Greengrass nucleus", configuration). QoS 0 messages are not kept, as the nucleus's default
// `keepQos0WhenOffline: false`. Pure.

export interface SpooledMessage {
  readonly topic: string;
  readonly payload: Uint8Array;
  readonly qos: 0 | 1;
}

export interface SpoolLimits {
  readonly maxMessages: number;
  readonly maxBytes: number;
}

/** Defaults: the nucleus's 2.5 MB, and a count bound so tiny messages cannot pile up. */
export const DEFAULT_SPOOL_LIMITS: SpoolLimits = { maxMessages: 1000, maxBytes: 2_621_440 };

export type SpoolOutcome =
  | { readonly kept: true; readonly dropped: readonly SpooledMessage[] }
  | { readonly kept: false; readonly reason: string };

export class Spool {
  readonly #limits: SpoolLimits;
  readonly #messages: SpooledMessage[] = [];
  #bytes = 0;

  constructor(limits: SpoolLimits = DEFAULT_SPOOL_LIMITS) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#messages.length;
  }

  push(message: SpooledMessage): SpoolOutcome {
    if (message.qos === 0) return { kept: false, reason: 'QoS 0 messages are not kept while offline' };
    const bytes = message.payload.length;
    if (bytes > this.#limits.maxBytes)
      return {
        kept: false,
        reason: `message of ${bytes} bytes is larger than the spool (${this.#limits.maxBytes} bytes)`,
      };
    const dropped: SpooledMessage[] = [];
    while (this.#messages.length >= this.#limits.maxMessages || this.#bytes + bytes > this.#limits.maxBytes) {
      const oldest = this.#messages.shift() as SpooledMessage;
      this.#bytes -= oldest.payload.length;
      dropped.push(oldest);
    }
    this.#messages.push(message);
    this.#bytes += bytes;
    return { kept: true, dropped };
  }

  /** Takes every kept message, oldest first. */
  drain(): SpooledMessage[] {
    const all = this.#messages.splice(0);
    this.#bytes = 0;
    return all;
  }
}
