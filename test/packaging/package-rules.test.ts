// What ships of each package, per target.

import { describe, expect, it } from 'vitest';
import { shipsFile } from '../../scripts/build/package-rules.ts';
import { findTarget, type Target } from '../../scripts/build/targets.ts';

const X64 = findTarget('x64') as Target;
const ARM64 = findTarget('arm64') as Target;

describe('shipsFile', () => {
  it.each([
    ['onnxruntime-node', 'bin/napi-v6/linux/x64/libonnxruntime.so.1', X64, true],
    ['onnxruntime-node', 'bin/napi-v6/linux/x64/onnxruntime_binding.node', X64, true],
    ['onnxruntime-node', 'bin/napi-v6/linux/arm64/libonnxruntime.so.1', X64, false],
    ['onnxruntime-node', 'bin/napi-v6/linux/arm64/libonnxruntime.so.1', ARM64, true],
    ['onnxruntime-node', 'bin/napi-v6/darwin/arm64/libonnxruntime.1.dylib', ARM64, false],
    ['onnxruntime-node', 'bin/napi-v6/win32/x64/DirectML.dll', X64, false],
    ['onnxruntime-node', 'bin/napi-v6/linux/x64/libonnxruntime_providers_cuda.so', X64, false],
    ['onnxruntime-node', 'bin/napi-v6/linux/x64/libonnxruntime_providers_tensorrt.so', X64, false],
    ['onnxruntime-node', 'script/install.js', X64, false],
    ['onnxruntime-node', 'dist/index.js', X64, true],
    ['onnxruntime-node', 'dist/index.js.map', X64, false],
    ['onnxruntime-node', 'dist/index.d.ts', X64, false],
    ['aws-crt', 'dist/bin/linux-x64-glibc/aws-crt-nodejs.node', X64, true],
    ['aws-crt', 'dist/bin/linux-x64-musl/aws-crt-nodejs.node', X64, false],
    ['aws-crt', 'dist/bin/linux-arm64-glibc/aws-crt-nodejs.node', X64, false],
    ['aws-crt', 'dist/bin/linux-arm64-glibc/aws-crt-nodejs.node', ARM64, true],
    ['aws-crt', 'source/crt/aws-c-common/include/aws/common/common.h', X64, false],
    ['aws-crt', 'dist.browser/browser.js', X64, false],
    ['aws-crt', 'dist/native/binding.js', X64, true],
    ['sharp', 'src/pipeline.cc', X64, false],
    ['sharp', 'dist/index.mjs', X64, true],
    ['aws-iot-device-sdk-v2', 'dist/greengrasscoreipc/client.js', X64, true],
    ['aws-iot-device-sdk-v2', 'dist/echotestrpc.spec.js', X64, false],
    ['aws-iot-device-sdk-v2', 'servicetests/test_cases/x.json', X64, false],
    ['any', 'README.md', X64, false],
    ['any', 'LICENSE.md', X64, true],
    ['any', 'NOTICE', X64, true],
    ['any', 'package.json', X64, true],
    ['any', 'test/index.js', X64, false],
    ['any', 'tsconfig.json', X64, false],
  ])('%s %s on %s: %s', (name, path, target, expected) => {
    expect(shipsFile(name, path, target)).toBe(expected);
  });
});
