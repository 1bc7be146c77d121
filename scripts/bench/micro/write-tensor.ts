// Micro-benchmark behind preprocess/write-tensor.ts: centre crop 224 of a 341x256 RGB image into
// planar float32, the current one-pass loop against the former pass per channel.
// Run: npx tsx scripts/bench/micro/write-tensor.ts   (prints ms per image; lower is better)
import {
  type TensorLayout,
  writeInputTensor,
} from '../../../components/classifier/preprocess/write-tensor.ts';

const stats = { mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] } as const;
const layout: TensorLayout = {
  ...stats,
  height: 224,
  width: 224,
  layout: 'NCHW',
  dtype: 'float32',
  channelOrder: 'RGB',
  pixelRange: '0..1',
};
const [width, height, crop] = [341, 256, 224];
const image = { data: new Uint8Array(width * height * 3).map((_, i) => (i * 7) % 256), width, height };
const out = new Float32Array(3 * crop * crop);
const table = new Float32Array(768).map((_, i) => {
  const channel = Math.floor(i / 256);
  return ((i % 256) / 255 - (stats.mean[channel] as number)) / (stats.std[channel] as number);
});

/** The former loop: one pass over the interleaved input per channel. */
function perChannel(): void {
  const left = Math.floor((width - crop) / 2);
  const top = Math.floor((height - crop) / 2);
  for (let channel = 0; channel < 3; channel++) {
    let target = channel * crop * crop;
    for (let row = 0; row < crop; row++) {
      let sample = ((top + row) * width + left) * 3 + channel;
      for (let column = 0; column < crop; column++, sample += 3) {
        out[target++] = table[channel * 256 + (image.data[sample] as number)] as number;
      }
    }
  }
}

const msPerImage = (run: () => void, iterations = 1000): number => {
  for (let i = 0; i < 200; i++) run();
  const started = performance.now();
  for (let i = 0; i < iterations; i++) run();
  return (performance.now() - started) / iterations;
};

for (let round = 0; round < 3; round++) {
  const onePass = msPerImage(() => writeInputTensor(image, layout, out));
  const channelPasses = msPerImage(perChannel);
  console.log(`one pass ${onePass.toFixed(3)} ms, pass per channel ${channelPasses.toFixed(3)} ms`);
}
