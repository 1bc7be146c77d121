// Entry point of com.custom.LiveView (the recipe's run step starts this).
import { runComponent } from '../runtime/index.ts';
import { liveViewConfigSchema } from './config.ts';
import { startLiveView } from './live-view.ts';

await runComponent({
  name: 'com.custom.LiveView',
  configSchema: liveViewConfigSchema,
  entryUrl: import.meta.url,
  start: (context) => startLiveView(context, new URL('./page/', import.meta.url)),
});
