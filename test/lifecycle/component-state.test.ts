import { describe, expect, it } from 'vitest';
import {
  COMPONENT_STATES,
  type ComponentState,
  type LifecycleEvent,
  recoveryEvent,
  transition,
} from '../../emulator/lifecycle/component-state.ts';
import { recordReport } from '../../emulator/lifecycle/error-budget.ts';

describe('transition', () => {
  it.each<[ComponentState, LifecycleEvent, ComponentState]>([
    ['NEW', 'install-succeeded', 'INSTALLED'],
    ['INSTALLED', 'start', 'STARTING'],
    ['STARTING', 'started', 'RUNNING'],
    ['STARTING', 'nothing-to-run', 'FINISHED'],
    ['RUNNING', 'stop', 'STOPPING'],
    ['STOPPING', 'stopped', 'FINISHED'],
    ['STOPPING', 'stopped-for-restart', 'INSTALLED'],
    ['STOPPING', 'stopped-for-reinstall', 'NEW'],
    ['RUNNING', 'errored', 'ERRORED'],
    ['RUNNING', 'broke', 'BROKEN'],
    ['ERRORED', 'recovered-stop', 'STOPPING'],
    ['ERRORED', 'recovered-retry-install', 'NEW'],
    ['FINISHED', 'restart', 'INSTALLED'],
    ['BROKEN', 'reinstall', 'NEW'],
    ['INSTALLED', 'finish', 'FINISHED'],
  ])('%s --%s--> %s', (from, event, to) => {
    expect(transition(from, event)).toEqual({ ok: true, state: to });
  });

  it.each<[ComponentState, LifecycleEvent]>([
    ['BROKEN', 'restart'],
    ['BROKEN', 'start'],
    ['BROKEN', 'errored'],
    ['NEW', 'started'],
    ['FINISHED', 'stop'],
    ['ERRORED', 'broke'],
    ['STOPPING', 'broke'],
  ])('refuses %s --%s-->', (from, event) => {
    expect(transition(from, event)).toEqual({
      ok: false,
      reason: `${event} is not allowed in state ${from}`,
    });
  });

  it('lets nothing but a reinstall leave BROKEN', () => {
    const events: LifecycleEvent[] = [
      'install-succeeded',
      'start',
      'started',
      'stop',
      'finish',
      'restart',
      'errored',
    ];
    for (const event of events) expect(transition('BROKEN', event).ok).toBe(false);
  });

  it('maps every state to a recovery', () => {
    expect(COMPONENT_STATES.map(recoveryEvent)).toEqual([
      'recovered-retry-install',
      'recovered-finish',
      'recovered-stop',
      'recovered-stop',
      'recovered-finish',
      'recovered-finish',
      'recovered-finish',
      'recovered-finish',
    ]);
  });
});

describe('recordReport', () => {
  const hour = 3_600_000;

  it('breaks on the third error from the same state within the window', () => {
    let outcome = recordReport({}, 'RUNNING', 'ERRORED', 0, hour);
    expect(outcome.broken).toBe(false);
    outcome = recordReport(outcome.history, 'RUNNING', 'ERRORED', 1000, hour);
    expect(outcome.broken).toBe(false);
    outcome = recordReport(outcome.history, 'RUNNING', 'ERRORED', 2000, hour);
    expect(outcome.broken).toBe(true);
  });

  it('survives the restart cycle between errors (only RUNNING reports count for RUNNING)', () => {
    let history = recordReport({}, 'RUNNING', 'ERRORED', 0, hour).history;
    for (const [from, to] of [
      ['ERRORED', 'STOPPING'],
      ['STOPPING', 'INSTALLED'],
      ['INSTALLED', 'STARTING'],
      ['STARTING', 'RUNNING'],
    ] as const) {
      history = recordReport(history, from, to, 10, hour).history;
    }
    expect(history.RUNNING).toEqual([0]);
  });

  it('resets when a non-error state is reported from that state', () => {
    let history = recordReport({}, 'RUNNING', 'ERRORED', 0, hour).history;
    history = recordReport(history, 'RUNNING', 'ERRORED', 1, hour).history;
    history = recordReport(history, 'RUNNING', 'STOPPING', 2, hour).history;
    expect(recordReport(history, 'RUNNING', 'ERRORED', 3, hour).broken).toBe(false);
  });

  it('resets when the previous error is older than the window', () => {
    let history = recordReport({}, 'NEW', 'ERRORED', 0, hour).history;
    history = recordReport(history, 'NEW', 'ERRORED', 1, hour).history;
    const late = recordReport(history, 'NEW', 'ERRORED', 1 + hour, hour);
    expect(late.broken).toBe(false);
    expect(late.history.NEW).toEqual([1 + hour]);
  });

  it('does not count errors from STOPPING', () => {
    let outcome = recordReport({}, 'STOPPING', 'ERRORED', 0, hour);
    outcome = recordReport(outcome.history, 'STOPPING', 'ERRORED', 1, hour);
    outcome = recordReport(outcome.history, 'STOPPING', 'ERRORED', 2, hour);
    expect(outcome.broken).toBe(false);
  });
});
