import { describe, expect, it } from 'vitest';
import { corePaths } from '../../emulator/platform/core-paths.ts';
import { type InterpolationContext, interpolate } from '../../emulator/recipes/interpolate.ts';

const context: InterpolationContext = {
  component: {
    name: 'com.example.App',
    version: '1.2.3',
    configuration: {
      Topic: 'local/in',
      Count: 3,
      Enabled: true,
      Nothing: null,
      Nested: { z: 1, a: [1, 'two'] },
      'Slash/Key': 'escaped',
      List: ['x', 'y'],
    },
  },
  directDependencies: new Map([
    ['com.example.Dep', { name: 'com.example.Dep', version: '2.0.0', configuration: { Port: 8080 } }],
  ]),
  paths: corePaths('/greengrass/v2'),
  thingName: 'MyCore',
};

function one(text: string) {
  return interpolate(text, context);
}

describe('interpolate', () => {
  it.each([
    ['{artifacts:path}/run.js', '/greengrass/v2/packages/artifacts/com.example.App/1.2.3/run.js'],
    [
      '{artifacts:decompressedPath}/app',
      '/greengrass/v2/packages/artifacts-unarchived/com.example.App/1.2.3/app',
    ],
    ['cd {work:path}', 'cd /greengrass/v2/work/com.example.App'],
    ['{kernel:rootPath}', '/greengrass/v2'],
    ['thing={iot:thingName}', 'thing=MyCore'],
    ['{configuration:/Topic}', 'local/in'],
    ['n={configuration:/Count} b={configuration:/Enabled}', 'n=3 b=true'],
    ['{configuration:/Nothing}', 'null'],
    ["'{configuration:/Nested}'", '\'{"a":[1,"two"],"z":1}\''],
    ['{configuration:/List}', '["x","y"]'],
    ['{configuration:/List/1}', 'y'],
    ['{configuration:/Slash~1Key}', 'escaped'],
    ['{com.example.Dep:artifacts:path}', '/greengrass/v2/packages/artifacts/com.example.Dep/2.0.0'],
    ['{com.example.Dep:work:path}', '/greengrass/v2/work/com.example.Dep'],
    ['{com.example.Dep:configuration:/Port}', '8080'],
    ['a {configuration:/Topic} and {configuration:/Topic}', 'a local/in and local/in'],
    ['no placeholders here', 'no placeholders here'],
  ])('%s', (text, expected) => {
    const result = one(text);
    expect(result.value).toBe(expected);
    expect(result.problems).toEqual([]);
  });

  it.each([
    ['{configuration:/Missing}', 'no configuration value at "/Missing" for com.example.App'],
    ['{configuration:Topic}', '"Topic" is not a JSON pointer (start it with "/")'],
    ['{secrets:token}', 'unknown namespace "secrets"'],
    ['{artifacts:url}', 'unknown key "url" in namespace "artifacts"'],
    ['{com.example.Other:artifacts:path}', 'com.example.Other is not a direct dependency of com.example.App'],
    ['{com.example.Dep:configuration:/Nope}', 'no configuration value at "/Nope" for com.example.Dep'],
  ])('leaves %s unchanged and reports why', (text, reason) => {
    const result = one(text);
    expect(result.value).toBe(text);
    expect(result.problems).toEqual([{ placeholder: text, reason }]);
  });

  it('walks nested lifecycle maps and leaves other values alone', () => {
    const lifecycle = {
      Setenv: { TOPIC: '{configuration:/Topic}' },
      Run: { Script: 'node {artifacts:path}/a.js', Timeout: 5 },
    };
    expect(interpolate(lifecycle, context).value).toEqual({
      Setenv: { TOPIC: 'local/in' },
      Run: { Script: 'node /greengrass/v2/packages/artifacts/com.example.App/1.2.3/a.js', Timeout: 5 },
    });
  });
});
