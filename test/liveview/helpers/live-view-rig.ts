// com.custom.LiveView as a real process on the real IPC server, configured from its recipe's
// DefaultConfiguration (Port 0: a free port), and what a test needs to reach its page.
import type { JsonObject } from '../../../emulator/util/json.ts';
import { type Harness, type SdkClient, startHarness } from '../../emulator/helpers/ipc-harness.ts';
import { NodeComponent } from '../../helpers/node-component.ts';
import { recipeDefaults } from '../../helpers/recipe-defaults.ts';
import { until } from '../../helpers/until.ts';

export const LIVE_VIEW = 'com.custom.LiveView';

export interface LiveViewProcess {
  readonly process: NodeComponent;
  /** The address the log prints, token included. */
  readonly pageAddress: URL;
  readonly origin: string;
  readonly token: string;
}

export async function launchLiveView(
  harness: Harness,
  configuration: JsonObject = {},
  env: NodeJS.ProcessEnv = {},
): Promise<LiveViewProcess> {
  harness.server.configuration.replace(LIVE_VIEW, {
    ...(await recipeDefaults(LIVE_VIEW)),
    Port: 0,
    ...configuration,
  });
  const process = new NodeComponent('components/liveview/main.ts', {
    SVCUID: harness.server.tokens.issue(LIVE_VIEW),
    AWS_GG_NUCLEUS_DOMAIN_SOCKET_FILEPATH_FOR_COMPONENT: harness.server.socketPath,
    ...env,
  });
  const line = await Promise.race([
    process.waitForMessage(/^live view: http/),
    process.exited.then(({ code }) => {
      throw new Error(`the live view exited (${code}) before serving:\n${process.tail()}`);
    }),
  ]);
  const pageAddress = new URL(/^live view: (\S+)/.exec(line.msg)?.[1] ?? '');
  return {
    process,
    pageAddress,
    origin: pageAddress.origin,
    token: pageAddress.searchParams.get('token') ?? '',
  };
}

/** Reads server-sent events from the live view's stream (Node's fetch), as a page would. */
export class EventReader {
  readonly events: Array<{ event: string; data: unknown }> = [];
  readonly #controller = new AbortController();
  /** Resolves when the stream ends: closed by us, by the server, or refused (then `failure`). */
  readonly done: Promise<void>;
  failure: unknown;

  constructor(origin: string, token: string) {
    this.done = this.#read(origin, token).catch((error: unknown) => {
      if (!this.#controller.signal.aborted) this.failure = error;
    });
  }

  of<T>(event: string): T[] {
    return this.events.filter((item) => item.event === event).map((item) => item.data as T);
  }

  close(): Promise<void> {
    this.#controller.abort();
    return this.done;
  }

  async #read(origin: string, token: string): Promise<void> {
    const response = await fetch(`${origin}/events`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: this.#controller.signal,
    });
    if (!response.ok || !response.body) throw new Error(`/events answered ${response.status}`);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body) {
      buffered += decoder.decode(chunk, { stream: true });
      for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event !== undefined && data !== undefined) this.events.push({ event, data: JSON.parse(data) });
      }
    }
  }
}

export interface LiveViewRig {
  readonly harness: Harness;
  /** An SDK client allowed to publish on the topics given. */
  readonly client: SdkClient;
  readonly liveView: LiveViewProcess;
  /** The event stream, open and past its snapshot. */
  readonly reader: EventReader;
}

/** A fresh IPC server, the live view serving on it, a test client, and a page's event stream. */
export async function startLiveViewRig(
  publishTopics: string[],
  configuration: JsonObject,
  env: NodeJS.ProcessEnv = {},
): Promise<LiveViewRig> {
  const harness = await startHarness();
  const client = await harness.connect(harness.addComponent('test.client', { publish: publishTopics }));
  const liveView = await launchLiveView(harness, configuration, env);
  const reader = new EventReader(liveView.origin, liveView.token);
  await until(() => reader.of('snapshot').length === 1);
  return { harness, client, liveView, reader };
}

export async function stopLiveViewRig(rig: Partial<LiveViewRig>): Promise<void> {
  await rig.reader?.close();
  await rig.liveView?.process.stop();
  await rig.harness?.close();
}
