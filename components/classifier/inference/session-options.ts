import type { InferenceSession } from 'onnxruntime-node';

/**
 * Session options for a small device: a fixed number of intra-op threads that sleep instead of
 * spinning while idle (spinning threads starve libvips and Node on 2 cores, see
 * docs/dependency-traps.md#onnxruntime-node), and one inter-op thread since the graph is a single chain.
 */
export function buildSessionOptions(intraOpThreads: number): InferenceSession.SessionOptions {
  return {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: intraOpThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    // Keys of onnxruntime_session_options_config_keys.h; the Node binding joins nested keys with ".".
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
}
