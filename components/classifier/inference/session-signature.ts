import type ort from 'onnxruntime-node';
import type { ModelSignature } from '../model/card-signature.ts';

/** The session's inputs and outputs as ONNX Runtime reports them (names, element types, shapes). */
export function sessionSignature(session: ort.InferenceSession): ModelSignature {
  const describe = (metadata: readonly ort.InferenceSession.ValueMetadata[]) =>
    metadata.map((value) =>
      value.isTensor
        ? { name: value.name, type: value.type, shape: value.shape }
        : { name: value.name, type: 'non-tensor', shape: [] },
    );
  return { inputs: describe(session.inputMetadata), outputs: describe(session.outputMetadata) };
}
