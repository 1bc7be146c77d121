// The load generator's connection: the unmodified SDK client, publishing requests on
// local/inference and matching replies on local/result by id. Latency runs from just before
// publishToTopic to the reply's arrival in the subscription callback.

import { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import {
  type ReplyEnvelope,
  replyEnvelopeSchema,
  type Timings,
  timingsSchema,
} from '../../components/contract/index.ts';

const REQUEST_TOPIC = 'local/inference';
const RESULT_TOPIC = 'local/result';
/** Failure guard: a request without a reply for this long is counted as lost. */
export const REPLY_TIMEOUT_MS = 30_000;

export interface Outcome {
  readonly id: string;
  readonly sentAtMs: number;
  readonly receivedAtMs: number;
  readonly latencyMs: number;
  /** `ok`, an error code from the reply (e.g. BUSY), or LOST when no reply came in time. */
  readonly status: string;
  /** The classifier's own timings from an ok reply (where the time went inside it). */
  readonly timings?: ReplyTimings;
}

/** The classifier's own timings, as the message contract defines them. */
export type ReplyTimings = Timings;

export interface Request {
  readonly id: string;
  readonly payload: Buffer;
}

interface Pending {
  readonly sentAtMs: number;
  readonly resolve: (outcome: Outcome) => void;
  readonly timer: NodeJS.Timeout;
}

export interface Topics {
  readonly request: string;
  readonly result: string;
}

export class LoadClient {
  readonly #client: greengrasscoreipc.Client;
  readonly #requestTopic: string;
  readonly #pending = new Map<string, Pending>();
  /** Replies received since connecting, matched or not. */
  answered = 0;
  /** Replies whose id was not pending (a second reply, or one that came after its timeout). */
  unmatched = 0;
  /** Called after each reply with the running count (used to read memory every N requests). */
  onAnswered: ((answered: number) => void) | undefined;

  private constructor(client: greengrasscoreipc.Client, requestTopic: string) {
    this.#client = client;
    this.#requestTopic = requestTopic;
  }

  static async connect(
    socketPath: string,
    token: string,
    topics: Topics = { request: REQUEST_TOPIC, result: RESULT_TOPIC },
  ): Promise<LoadClient> {
    // The SDK reads the socket and the token from the environment, as a component does.
    process.env.AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT = socketPath;
    process.env.SVCUID = token;
    const client = greengrasscoreipc.createClient();
    await client.connect();
    const load = new LoadClient(client, topics.request);
    const stream = client.subscribeToTopic({ topic: topics.result });
    stream.on('message', (event) => load.#onReply(event));
    await stream.activate();
    return load;
  }

  get inFlight(): number {
    return this.#pending.size;
  }

  send(request: Request): Promise<Outcome> {
    return new Promise((resolve) => {
      const sentAtMs = performance.now();
      const timer = setTimeout(() => this.#settle(request.id, 'LOST'), REPLY_TIMEOUT_MS);
      this.#pending.set(request.id, { sentAtMs, resolve, timer });
      this.#client
        .publishToTopic({
          topic: this.#requestTopic,
          publishMessage: { binaryMessage: { message: request.payload } },
        })
        .catch(() => this.#settle(request.id, 'PUBLISH_FAILED'));
    });
  }

  async close(): Promise<void> {
    await this.#client.close();
  }

  #onReply(event: greengrasscoreipc.model.SubscriptionResponseMessage): void {
    const receivedAtMs = performance.now();
    this.answered += 1;
    const payload = event.binaryMessage?.message;
    // The envelope every reply has; an ok reply of the classifier also has its timings (the
    // bench's echo component sends the envelope alone).
    let reply: ReplyEnvelope & { timings?: Timings };
    try {
      const value = JSON.parse(Buffer.from(payload as Uint8Array).toString('utf8'));
      reply = { ...replyEnvelopeSchema.parse(value), timings: timingsSchema.safeParse(value?.timings).data };
    } catch {
      this.unmatched += 1;
      return;
    }
    const status = reply.status === 'ok' ? 'ok' : String(reply.error?.code ?? 'UNKNOWN');
    if (!this.#settle(String(reply.id), status, receivedAtMs, reply.timings)) this.unmatched += 1;
    this.onAnswered?.(this.answered);
  }

  #settle(id: string, status: string, receivedAtMs = performance.now(), timings?: ReplyTimings): boolean {
    const pending = this.#pending.get(id);
    if (!pending) return false;
    this.#pending.delete(id);
    clearTimeout(pending.timer);
    pending.resolve({
      id,
      sentAtMs: pending.sentAtMs,
      receivedAtMs,
      latencyMs: receivedAtMs - pending.sentAtMs,
      status,
      ...(timings ? { timings } : {}),
    });
    return true;
  }
}
