// The result message of AWS's image-classification components (aws.greengrass.DLRImageClassification,
// aws.greengrass.TensorFlowLiteImageClassification), for ResultFormat "aws": a deployment and
// cloud consumers written for them work unchanged. Their sample code builds it as
//   {"timestamp": str(datetime.now()), "inference-type": "image-classification",
//    "inference-description": "Top {N} predictions with score {T} or above ",
//    "inference-results": [{"Label": ..., "Score": str(score)}, ...]}
// (AWS IoT Greengrass developer guide, "TensorFlow Lite image classification" example output;
// the DLR component's inference.py), so scores are strings, the description ends in a space and
// the timestamp has a space and microseconds. Ours is that, in UTC. An error reply, which theirs
// never publish, is the same envelope with no results and an added "error". Pure.
import type { Reply } from '../contract/index.ts';

export interface AwsEnvelope {
  readonly timestamp: string;
  readonly 'inference-type': 'image-classification';
  readonly 'inference-description': string;
  readonly 'inference-results': ReadonlyArray<{ readonly Label: string; readonly Score: string }>;
  readonly error?: { readonly code: string; readonly message: string };
}

/** `2026-12-05T21:00:00.123Z` -> `2026-12-05 21:00:00.123000` (Python's str(datetime), in UTC). */
export function pythonTimestamp(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}000`;
}

export function awsEnvelope(reply: Reply, topK: number, scoreThreshold: number): AwsEnvelope {
  const common = {
    timestamp: pythonTimestamp(reply.timestamp),
    'inference-type': 'image-classification' as const,
    'inference-description': `Top ${topK} predictions with score ${String(scoreThreshold)} or above `,
  };
  if (reply.status === 'error') return { ...common, 'inference-results': [], error: reply.error };
  return {
    ...common,
    'inference-results': reply.top.map((entry) => ({ Label: entry.label, Score: String(entry.probability) })),
  };
}
