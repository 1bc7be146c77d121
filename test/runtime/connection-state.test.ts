import { describe, expect, it } from 'vitest';
import {
  type ConnectionEvent,
  type ConnectionState,
  nextConnectionState,
} from '../../components/runtime/ipc/connection-state.ts';

describe('nextConnectionState', () => {
  it.each<[ConnectionState, ConnectionEvent, ConnectionState]>([
    ['connecting', 'adopted', 'connected'],
    ['connected', 'lost', 'reconnecting'],
    ['reconnecting', 'adopted', 'connected'],
    ['connecting', 'close', 'closed'],
    ['connected', 'close', 'closed'],
    ['reconnecting', 'close', 'closed'],
    // Events that do not apply change nothing; closed is final.
    ['connecting', 'lost', 'connecting'],
    ['connected', 'adopted', 'connected'],
    ['closed', 'adopted', 'closed'],
    ['closed', 'lost', 'closed'],
  ])('%s --%s--> %s', (state, event, next) => {
    expect(nextConnectionState(state, event)).toBe(next);
  });
});
