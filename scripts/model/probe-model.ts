// Opens a model with ONNX Runtime to read its input and output metadata, and runs it once on a
// mid-grey image to see what its output holds (draft-card.ts decides from the scores).
import ort from 'onnxruntime-node';
import { sessionSignature } from '../../components/classifier/inference/session-signature.ts';
import type { ModelSignature } from '../../components/classifier/model/card-signature.ts';

export interface ModelProbe {
  readonly signature: ModelSignature;
  /** The first output's scores for one grey image, when the input shape allowed a run. */
  readonly scores: readonly number[] | undefined;
}

const GREY = 128;

export async function probeModel(bytes: Uint8Array, outputName?: string): Promise<ModelProbe> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const signature = sessionSignature(session);
    const [input] = signature.inputs;
    const output = signature.outputs.find(
      (entry) => entry.name === (outputName ?? signature.outputs[0]?.name),
    );
    if (signature.inputs.length !== 1 || !input || !output || input.shape.length !== 4)
      return { signature, scores: undefined };
    const dims = input.shape.map((d, at) => (typeof d === 'number' ? d : at === 0 ? 1 : Number.NaN));
    if (dims.some(Number.isNaN)) return { signature, scores: undefined };
    const elements = dims.reduce((product, d) => product * d, 1);
    const data =
      input.type === 'uint8'
        ? new Uint8Array(elements).fill(GREY)
        : input.type === 'float32'
          ? new Float32Array(elements).fill(0)
          : undefined;
    if (!data) return { signature, scores: undefined };
    const result = await session.run(
      { [input.name]: new ort.Tensor(input.type as 'uint8' | 'float32', data, dims) },
      [output.name],
    );
    const scores = result[output.name];
    if (scores?.type !== 'float32') return { signature, scores: undefined };
    const perItem = (scores.data as Float32Array).length / (dims[0] as number);
    return { signature, scores: Array.from((scores.data as Float32Array).subarray(0, perItem)) };
  } finally {
    await session.release();
  }
}
