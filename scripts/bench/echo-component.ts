// bench.Echo: the IPC path alone, for the benchmark's "IPC only" reference. A component on the
// same runtime as the classifier that answers each request on ECHO_REQUEST_TOPIC with a small
// `{"id", "status": "ok"}` reply on ECHO_RESULT_TOPIC, without classifying anything. Its cost per
// request, with the core's and the load generator's, is what IPC adds to every classification.
import { z } from 'zod';
import { runComponent } from '../../components/runtime/index.ts';
import { ECHO_COMPONENT, ECHO_REQUEST_TOPIC, ECHO_RESULT_TOPIC } from './core-host-protocol.ts';

await runComponent({
  name: ECHO_COMPONENT,
  configSchema: z.object({}).passthrough(),
  async start(context) {
    const subscription = await context.subscribe(ECHO_REQUEST_TOPIC, async (message) => {
      const request = message.kind === 'json' ? message.value : JSON.parse(message.bytes.toString('utf8'));
      const id = (request as { id?: unknown }).id;
      const reply = Buffer.from(JSON.stringify({ id, status: 'ok' }));
      await context.publish(ECHO_RESULT_TOPIC, { kind: 'binary', bytes: reply });
    });
    return { stop: () => subscription.close() };
  },
});
