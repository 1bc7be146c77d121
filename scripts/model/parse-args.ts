import { parseArgs } from 'node:util';
import { PIXEL_RANGES, RESIZE_KERNELS, RESIZE_MODES } from '../../components/classifier/model/model-card.ts';
import { type DraftOptions, PRESETS, type PresetName } from './draft-card.ts';
import type { PackageArgs } from './package-model.ts';

export const USAGE = `usage:
  npm run model -- init MODEL.onnx --labels FILE [options]   write a model card for an ONNX classifier
  npm run model -- check CARD [IMAGE|DIR...]                 load a card (checked against its model) and classify
  npm run model -- package CARD --version X.Y.Z [--component NAME] [--out DIR] [--unpacked]
                                                             build a Greengrass model component from a card
  npm run model -- derive-test-models OUT_DIR                the test models (NHWC, uint8, softmax, 5-class, ...)

init options (what the model cannot say about itself):
  --preset ${Object.keys(PRESETS).join('|')}
                                    how the exporter prepared pixels (docs/model-card.md)
  --resize short-side-crop|stretch  --resize-short-side N  --kernel ${RESIZE_KERNELS.join('|')}
  --pixel-range ${PIXEL_RANGES.join('|')}  --mean R,G,B  --std R,G,B  --channel-order RGB|BGR
  --layout NCHW|NHWC  --size HxW  --output NAME  --output-kind logits|probabilities
  --name NAME (default: the model file's name)  --out DIR (default: ./NAME)`;

export interface InitArgs extends DraftOptions {
  readonly model: string;
  readonly labels: string;
  readonly out: string | undefined;
}

export type Parsed<T> = { ok: true; args: T } | { ok: false; problem: string };

const triple = (text: string | undefined, option: string): [number, number, number] | undefined | string => {
  if (text === undefined) return undefined;
  const values = text.split(',').map(Number);
  return values.length === 3 && values.every(Number.isFinite)
    ? (values as [number, number, number])
    : `${option} takes three numbers, as 0.5,0.5,0.5`;
};

function oneOf<T extends string>(
  text: string | undefined,
  allowed: readonly T[],
  option: string,
): T | undefined | string {
  if (text === undefined) return undefined;
  return (allowed as readonly string[]).includes(text)
    ? (text as T)
    : `${option} must be one of ${allowed.join(', ')}, got '${text}'`;
}

export function parseInitArgs(argv: readonly string[]): Parsed<InitArgs> {
  let parsed: ReturnType<typeof parseInit>;
  try {
    parsed = parseInit(argv);
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
  const { values, positionals } = parsed;
  const [model, ...extra] = positionals;
  if (!model || extra.length > 0) return { ok: false, problem: 'init takes one MODEL.onnx' };
  if (!values.labels)
    return {
      ok: false,
      problem: 'init needs --labels FILE (one label per class: lines, a JSON array or ImageNet synset lines)',
    };
  const size = values.size?.match(/^(\d+)x(\d+)$/);
  if (values.size && !size)
    return { ok: false, problem: `--size takes HEIGHTxWIDTH, as 224x224, got '${values.size}'` };
  const shortSide =
    values['resize-short-side'] === undefined ? undefined : Number(values['resize-short-side']);
  if (shortSide !== undefined && !(Number.isInteger(shortSide) && shortSide > 0))
    return { ok: false, problem: '--resize-short-side takes a positive integer' };
  const checks = {
    preset: oneOf(values.preset, Object.keys(PRESETS) as PresetName[], '--preset'),
    layout: oneOf(values.layout, ['NCHW', 'NHWC'] as const, '--layout'),
    outputKind: oneOf(values['output-kind'], ['logits', 'probabilities'] as const, '--output-kind'),
    resize: oneOf(values.resize, RESIZE_MODES, '--resize'),
    kernel: oneOf(values.kernel, RESIZE_KERNELS, '--kernel'),
    channelOrder: oneOf(values['channel-order'], ['RGB', 'BGR'] as const, '--channel-order'),
    pixelRange: oneOf(values['pixel-range'], PIXEL_RANGES, '--pixel-range'),
    mean: triple(values.mean, '--mean'),
    std: triple(values.std, '--std'),
  };
  for (const value of Object.values(checks))
    if (typeof value === 'string' && value.includes(' ')) return { ok: false, problem: value };
  const name =
    values.name ??
    model
      .replace(/^.*[\\/]/, '')
      .replace(/\.onnx$/i, '')
      .replace(/[^\w.-]/g, '-')
      .slice(0, 64);
  const defined = Object.fromEntries(Object.entries(checks).filter(([, value]) => value !== undefined));
  return {
    ok: true,
    args: {
      model,
      labels: values.labels,
      out: values.out,
      name,
      ...defined,
      ...(size ? { height: Number(size[1]), width: Number(size[2]) } : {}),
      ...(values.output ? { output: values.output } : {}),
      ...(shortSide ? { resizeShortSide: shortSide } : {}),
    } as InitArgs,
  };
}

const parseInit = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: Object.fromEntries(
      [
        'labels',
        'out',
        'name',
        'preset',
        'layout',
        'size',
        'output',
        'output-kind',
        'resize',
        'resize-short-side',
        'kernel',
        'channel-order',
        'pixel-range',
        'mean',
        'std',
      ].map((option) => [option, { type: 'string' }]),
    ) as Record<string, { type: 'string' }>,
  }) as { values: Record<string, string | undefined>; positionals: string[] };

export function parsePackageArgs(argv: readonly string[]): Parsed<PackageArgs> {
  let parsed: { values: Record<string, string | undefined> & { unpacked?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        version: { type: 'string' },
        component: { type: 'string' },
        out: { type: 'string' },
        unpacked: { type: 'boolean' },
      },
    }) as typeof parsed;
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
  const [card, ...extra] = parsed.positionals;
  if (!card || extra.length > 0) return { ok: false, problem: 'package takes one CARD' };
  const version = parsed.values.version;
  if (!version || !/^\d+\.\d+\.\d+$/.test(version))
    return { ok: false, problem: `package needs --version MAJOR.MINOR.PATCH, got '${version ?? ''}'` };
  const component = parsed.values.component;
  if (component !== undefined && !/^[\w.-]{1,128}$/.test(component))
    return {
      ok: false,
      problem: `--component must be a component name (letters, digits, ".", "_", "-"), got '${component}'`,
    };
  return {
    ok: true,
    args: {
      card,
      version,
      componentName: component,
      out: parsed.values.out ?? 'model-components',
      unpacked: parsed.values.unpacked === true,
    },
  };
}
