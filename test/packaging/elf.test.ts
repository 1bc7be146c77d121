// classifyBinary on real binaries: this Node executable and the prebuilt files that
// onnxruntime-node ships for every platform.

import { open } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BINARY_HEADER_BYTES, classifyBinary } from '../../scripts/build/elf.ts';
import { TARGETS } from '../../scripts/build/targets.ts';

const ORT_BIN = join(resolve(import.meta.dirname, '..', '..'), 'node_modules/onnxruntime-node/bin/napi-v6');

async function header(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(BINARY_HEADER_BYTES);
    await handle.read(buffer, 0, BINARY_HEADER_BYTES, 0);
    return buffer;
  } finally {
    await handle.close();
  }
}

const machineOf = (cpu: string) => TARGETS.find((target) => target.cpu === cpu)?.elfMachine;

describe('classifyBinary', () => {
  it.each([
    ['linux/x64/onnxruntime_binding.node', { kind: 'elf', machine: machineOf('x64') }],
    ['linux/arm64/onnxruntime_binding.node', { kind: 'elf', machine: machineOf('arm64') }],
    ['darwin/arm64/onnxruntime_binding.node', { kind: 'mach-o' }],
    ['win32/x64/onnxruntime_binding.node', { kind: 'pe' }],
  ])('%s', async (file, expected) => {
    expect(classifyBinary(await header(join(ORT_BIN, file)))).toEqual(expected);
  });

  it('reads the machine of the running node executable', async () => {
    const expected = process.arch === 'x64' || process.arch === 'arm64' ? machineOf(process.arch) : undefined;
    if (expected !== undefined && process.platform === 'linux') {
      expect(classifyBinary(await header(process.execPath))).toEqual({ kind: 'elf', machine: expected });
    }
  });

  it('calls text and short files other', () => {
    expect(classifyBinary(new TextEncoder().encode('#!/bin/sh\necho hello\n'))).toEqual({ kind: 'other' });
    expect(classifyBinary(new Uint8Array([0x7f, 0x45]))).toEqual({ kind: 'other' });
  });
});
