// Messages between the bench and its core host process (core-host.ts), over the fork channel.

export const CLASSIFIER = 'com.custom.ImageClassifier';
/** The load generator's component identity, allowed to publish and subscribe on any topic. */
export const BENCH_CLIENT = 'bench.LoadGenerator';
/** The IPC-only reference component (echo-component.ts) and its topics. */
export const ECHO_COMPONENT = 'bench.Echo';
export const ECHO_REQUEST_TOPIC = 'bench/echo/request';
export const ECHO_RESULT_TOPIC = 'bench/echo/result';
/** The core host's start parameters (JSON), passed in the environment: argv stays short. */
export const CORE_HOST_START_ENV = 'BENCH_CORE_HOST_START';
/** Failure guard: the longest a classifier start may take before the bench gives up. */
export const STARTUP_TIMEOUT_MS = 60_000;

export interface CoreHostStart {
  /** The build's recipes and artifacts, deployed as a local deployment. */
  readonly recipeDir: string;
  readonly artifactDir: string;
  /** Temporary folder for the core's root and the bench's recipe folder. */
  readonly workDir: string;
  /** Merged over the recipe's DefaultConfiguration. */
  readonly config: Readonly<Record<string, unknown>>;
  /** Extra Node options for the classifier process, e.g. --cpu-prof. */
  readonly nodeArgs: readonly string[];
}

export type CoreHostCommand =
  /** Deploys the classifier the first time, restarts it after; answered by classifier-running or failed. */
  | { readonly type: 'start-classifier' }
  /** Starts or stops bench.Echo; answered by echo-running / echo-stopped or failed. */
  | { readonly type: 'start-echo' }
  /** Runs memory-floor.ts's script with the classifier's environment; answered by memory-floor. */
  | { readonly type: 'measure-memory-floor' }
  | { readonly type: 'stop-echo' }
  /** Stops the classifier (SIGTERM, graceful drain) and the core; answered by stopped. */
  | { readonly type: 'stop' };

export type CoreHostEvent =
  | { readonly type: 'ready'; readonly socketPath: string; readonly clientToken: string }
  | {
      readonly type: 'classifier-running';
      readonly pid: number;
      readonly startToRunningMs: number;
      /** The Node.js it runs on (com.custom.NodeRuntime's). */
      readonly nodeVersion: string;
    }
  | {
      readonly type: 'classifier-exit';
      readonly code: number | null;
      readonly signal: NodeJS.Signals | null;
    }
  | { readonly type: 'echo-running'; readonly pid: number }
  | { readonly type: 'echo-stopped' }
  | { readonly type: 'memory-floor'; readonly rssBytes: number }
  | { readonly type: 'stopped' }
  | { readonly type: 'failed'; readonly message: string };
