import { describe, expect, it } from 'vitest';
import type { LogEvent } from '../../emulator/logs/core-logger.ts';
import { formatCommand, formatInstant, formatLogLine } from '../../emulator/logs/nucleus-log-format.ts';

const at = (iso: string) => Date.parse(iso);
const GES = 'com.aws.greengrass.lifecyclemanager.GenericExternalService';

describe('formatLogLine reproduces nucleus lines (docs/greengrass-behaviour.md#log-line-format)', () => {
  it.each<[string, LogEvent, string, string]>([
    [
      'a state transition',
      {
        level: 'INFO',
        thread: 'com.custom.ImageClassifier-lifecycle',
        logger: GES,
        event: 'service-set-state',
        context: { serviceName: 'com.custom.ImageClassifier', currentState: 'NEW', newState: 'INSTALLED' },
      },
      '2026-11-24T10:00:01.050Z',
      `2026-11-24T10:00:01.050Z [INFO] (com.custom.ImageClassifier-lifecycle) ${GES}: service-set-state. {serviceName=com.custom.ImageClassifier, currentState=NEW, newState=INSTALLED}`,
    ],
    [
      'a stdout line',
      {
        level: 'INFO',
        thread: 'Copier',
        logger: 'com.custom.ImageClassifier',
        event: 'stdout',
        message: 'result: pelican',
        context: {
          scriptName: 'services.com.custom.ImageClassifier.lifecycle.Run.Script',
          serviceName: 'com.custom.ImageClassifier',
          currentState: 'RUNNING',
        },
      },
      '2026-11-24T10:00:05.002Z',
      '2026-11-24T10:00:05.002Z [INFO] (Copier) com.custom.ImageClassifier: stdout. result: pelican. {scriptName=services.com.custom.ImageClassifier.lifecycle.Run.Script, serviceName=com.custom.ImageClassifier, currentState=RUNNING}',
    ],
    [
      'a stderr line',
      {
        level: 'WARN',
        thread: 'Copier',
        logger: 'com.custom.ImageClassifier',
        event: 'stderr',
        message: 'some warning text',
        context: {
          scriptName: 'services.com.custom.ImageClassifier.lifecycle.Run.Script',
          serviceName: 'com.custom.ImageClassifier',
          currentState: 'RUNNING',
        },
      },
      '2026-11-24T10:00:05.010Z',
      '2026-11-24T10:00:05.010Z [WARN] (Copier) com.custom.ImageClassifier: stderr. some warning text. {scriptName=services.com.custom.ImageClassifier.lifecycle.Run.Script, serviceName=com.custom.ImageClassifier, currentState=RUNNING}',
    ],
    [
      'a message with no event type, and exit code context',
      {
        level: 'INFO',
        thread: 'Copier',
        logger: 'com.custom.ImageClassifier',
        event: '',
        message: 'Run script exited',
        context: { exitCode: 1, serviceName: 'com.custom.ImageClassifier', currentState: 'RUNNING' },
      },
      '2026-11-24T10:07:00.300Z',
      '2026-11-24T10:07:00.300Z [INFO] (Copier) com.custom.ImageClassifier: Run script exited. {exitCode=1, serviceName=com.custom.ImageClassifier, currentState=RUNNING}',
    ],
    [
      'an event with no message',
      {
        level: 'INFO',
        thread: 'pool-2-thread-14',
        logger: GES,
        event: 'generic-service-shutdown',
        context: { serviceName: 'main', currentState: 'STOPPING' },
      },
      '2022-11-21T17:27:05.329Z',
      `2022-11-21T17:27:05.329Z [INFO] (pool-2-thread-14) ${GES}: generic-service-shutdown. {serviceName=main, currentState=STOPPING}`,
    ],
    [
      'the double period quirk and an empty context',
      {
        level: 'INFO',
        thread: 'main',
        logger: 'com.aws.greengrass.util.platforms.Platform',
        event: '',
        message: 'Getting platform instance LinuxPlatform.',
      },
      '2021-11-17T09:48:41.764Z',
      '2021-11-17T09:48:41.764Z [INFO] (main) com.aws.greengrass.util.platforms.Platform: Getting platform instance LinuxPlatform.. {}',
    ],
    [
      'a whole second, printed without a fraction',
      {
        level: 'ERROR',
        thread: 'x-lifecycle',
        logger: GES,
        event: 'service-broken',
        message: 'service is broken. Deployment is needed',
        context: { serviceName: 'x', currentState: 'BROKEN' },
      },
      '2026-11-24T10:00:00.000Z',
      `2026-11-24T10:00:00Z [ERROR] (x-lifecycle) ${GES}: service-broken. service is broken. Deployment is needed. {serviceName=x, currentState=BROKEN}`,
    ],
  ])('%s', (_, event, iso, expected) => {
    expect(formatLogLine(event, at(iso))).toBe(expected);
  });

  it('skips undefined context values', () => {
    expect(
      formatLogLine(
        { level: 'INFO', thread: 't', logger: 'l', event: 'e', context: { a: 1, b: undefined, c: false } },
        0,
      ),
    ).toBe('1970-01-01T00:00:00Z [INFO] (t) l: e. {a=1, c=false}');
  });

  it('puts a stack trace on the following lines, causes included', () => {
    const error = new Error('outer', { cause: new Error('inner') });
    const lines = formatLogLine({ level: 'ERROR', thread: 't', logger: 'l', event: 'e', error }, 0).split(
      '\n',
    );
    expect(lines[0]).toBe('1970-01-01T00:00:00Z [ERROR] (t) l: e. {}');
    expect(lines[1]).toBe('Error: outer');
    expect(lines.some((line) => line === 'Caused by: Error: inner')).toBe(true);
  });
});

describe('formatInstant', () => {
  it.each([
    [0, '1970-01-01T00:00:00Z'],
    [1, '1970-01-01T00:00:00.001Z'],
    [Date.parse('2026-11-24T10:00:01.050Z'), '2026-11-24T10:00:01.050Z'],
  ])('%i -> %s', (ms, text) => {
    expect(formatInstant(ms)).toBe(text);
  });
});

describe('formatCommand (nucleus Exec#toString)', () => {
  it('prints a short script whole', () => {
    expect(formatCommand('node app.js')).toBe('["node app.js"]');
  });

  it('cuts a long script to 78 characters and appends ...', () => {
    const script = `node /greengrass/v2/packages/artifacts-unarchived/com.custom.ImageClassifier/1.0.0/com.custom.ImageClassifier/dist/index.js`;
    const text = formatCommand(script);
    expect(text).toBe(`["${script.slice(0, 78)}..."]`);
    expect(text.length).toBe(85);
  });

  it('escapes newlines, tabs, quotes and non-Latin characters', () => {
    expect(formatCommand('a\nb\t"c" é ✓')).toBe('["a\\nb\\t\\u0022c\\u0022 é \\u2713"]');
  });
});
