// Entry point of com.custom.requester (the recipe's Run step starts this).
import { runComponent } from '../runtime/index.ts';
import { requesterConfigSchema } from './config.ts';
import { startRequester } from './requester.ts';

await runComponent({
  name: 'com.custom.requester',
  configSchema: requesterConfigSchema,
  entryUrl: import.meta.url,
  start: startRequester,
});
