import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Starts a worker thread from a module URL. A bundled `.js` entry starts directly; a `.ts`
 * source (running under tsx or vitest) needs tsx registered inside the worker first, since
 * loaders registered in the parent do not reach the worker's module loading.
 */
export function startWorker(entry: URL, options: Omit<WorkerOptions, 'eval'> = {}): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, options);
  // Resolved here: the eval'd bootstrap would resolve a bare 'tsx' from the process's working
  // directory, which need not be this repository (e.g. a lifecycle step's work folder).
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(bootstrap, { ...options, eval: true });
}
