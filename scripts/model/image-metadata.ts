// What a model declares about its image input in its ONNX metadata_props, under the keys of
// ONNX's image metadata convention (onnx/onnx docs/MetadataProps.md: Image.BitmapPixelFormat,
// Image.NominalPixelRange), which Azure Custom Vision's exports set, for instance (its sample
// Azure-Samples/customvision-export-samples samples/python/onnx/classification/predict.py
// reads the same two keys). ONNX Runtime does not expose metadata_props to JavaScript, so the
// model is decoded with the ONNX schema (onnx-proto).
import onnxProto from 'onnx-proto';
import type { PixelRange } from '../../components/classifier/model/model-card.ts';

export interface DeclaredImageInput {
  readonly channelOrder?: 'RGB' | 'BGR';
  readonly pixelRange?: PixelRange;
  /** The metadata entries the values came from, for the user to read. */
  readonly evidence: readonly string[];
}

const PIXEL_FORMATS: Readonly<Record<string, 'RGB' | 'BGR'>> = { Rgb8: 'RGB', Bgr8: 'BGR' };
const PIXEL_RANGES: Readonly<Record<string, PixelRange>> = {
  NominalRange_0_255: '0..255',
  Normalized_0_1: '0..1',
  Normalized_1_1: '-1..1',
};

/** Pure: the declared input from the model's metadata_props entries. */
export function declaredImageInput(
  entries: ReadonlyArray<{ key: string; value: string }>,
): DeclaredImageInput {
  const evidence: string[] = [];
  let channelOrder: 'RGB' | 'BGR' | undefined;
  let pixelRange: PixelRange | undefined;
  for (const { key, value } of entries) {
    if (key === 'Image.BitmapPixelFormat' && PIXEL_FORMATS[value]) {
      channelOrder = PIXEL_FORMATS[value];
      evidence.push(`${key} ${value}`);
    } else if (key === 'Image.NominalPixelRange' && PIXEL_RANGES[value]) {
      pixelRange = PIXEL_RANGES[value];
      evidence.push(`${key} ${value}`);
    }
  }
  return { ...(channelOrder ? { channelOrder } : {}), ...(pixelRange ? { pixelRange } : {}), evidence };
}

export function readImageMetadata(modelBytes: Uint8Array): DeclaredImageInput {
  const model = onnxProto.onnx.ModelProto.decode(modelBytes);
  return declaredImageInput(
    (model.metadataProps ?? []).map((entry) => ({ key: entry.key ?? '', value: entry.value ?? '' })),
  );
}
