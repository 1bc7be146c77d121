// Subscribes an SDK test client to the result topic and hands out replies by id, in arrival order.
// Every reply is checked against the message contract (components/contract/reply.ts).
import type { greengrasscoreipc } from 'aws-iot-device-sdk-v2';
import { type Reply, replySchema } from '../../components/contract/index.ts';

/** Failure guard only. */
export const REPLY_TIMEOUT_MS = 20_000;

export type ContractReply = Reply;

export class ReplyCollector {
  readonly all: ContractReply[] = [];
  readonly raw: Buffer[] = [];
  /** Replies that broke the contract: tests assert this stays empty. */
  readonly invalid: string[] = [];
  readonly #waiters: Array<{
    match: (reply: ContractReply) => boolean;
    resolve: (reply: ContractReply) => void;
  }> = [];

  static async start(client: greengrasscoreipc.Client, topic = 'local/result'): Promise<ReplyCollector> {
    const collector = new ReplyCollector();
    const stream = client.subscribeToTopic({ topic });
    stream.on('message', (event) => collector.#onEvent(event));
    await stream.activate();
    return collector;
  }

  /** The first reply, past or future, matching `id` (or the predicate). */
  waitFor(match: string | ((reply: ContractReply) => boolean)): Promise<ContractReply> {
    const test = typeof match === 'string' ? (reply: ContractReply) => reply.id === match : match;
    const seen = this.all.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no reply matching ${String(match)} within ${REPLY_TIMEOUT_MS} ms`)),
        REPLY_TIMEOUT_MS,
      );
      this.#waiters.push({
        match: test,
        resolve: (reply) => {
          clearTimeout(timer);
          resolve(reply);
        },
      });
    });
  }

  /** Resolves once `total` replies have arrived since the collector started. */
  async waitForCount(total: number): Promise<void> {
    await this.waitFor(() => this.all.length >= total);
  }

  count(id: string): number {
    return this.all.filter((reply) => reply.id === id).length;
  }

  #onEvent(event: greengrasscoreipc.model.SubscriptionResponseMessage): void {
    const bytes = Buffer.from(
      (event.binaryMessage?.message as Buffer | undefined) ??
        Buffer.from(JSON.stringify(event.jsonMessage?.message)),
    );
    this.raw.push(bytes);
    let reply: ContractReply;
    try {
      reply = replySchema.parse(JSON.parse(bytes.toString('utf8')));
    } catch (error) {
      this.invalid.push(`${bytes.toString('utf8').slice(0, 200)}: ${(error as Error).message}`);
      return;
    }
    this.all.push(reply);
    for (const waiter of [...this.#waiters]) {
      if (waiter.match(reply)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(reply);
      }
    }
  }
}
