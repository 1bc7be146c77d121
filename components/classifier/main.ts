// Entry point of com.custom.ImageClassifier (the recipe's Run step starts this).
import path from 'node:path';
import { runComponent } from '../runtime/index.ts';
import { classifierConfigSchema } from './service/config.ts';
import { startClassifierService } from './service/service.ts';

await runComponent({
  name: 'com.custom.ImageClassifier',
  configSchema: classifierConfigSchema,
  entryUrl: import.meta.url,
  describe: (config) => ({ model: path.basename(config.modelCardPath, '.json') }),
  start: startClassifierService,
});
