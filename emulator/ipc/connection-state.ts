// The life of one IPC connection as one typed value.
//
//   awaiting-connect ──Connect accepted──▶ connected ──┐
//          │                                          ├──close──▶ closed
//          └──────Connect rejected──▶ rejecting ──────┘
//   (close is allowed from every state but closed: socket end, error, limit, revoke, shutdown)

export type ConnectionState = 'awaiting-connect' | 'connected' | 'rejecting' | 'closed';
export type ConnectionEvent = 'connect-accepted' | 'connect-rejected' | 'close';

const TRANSITIONS: Readonly<Record<ConnectionState, Partial<Record<ConnectionEvent, ConnectionState>>>> = {
  'awaiting-connect': { 'connect-accepted': 'connected', 'connect-rejected': 'rejecting', close: 'closed' },
  connected: { close: 'closed' },
  rejecting: { close: 'closed' },
  closed: {},
};

/** The next state, or undefined when the event is not allowed in `state`. */
export function nextConnectionState(
  state: ConnectionState,
  event: ConnectionEvent,
): ConnectionState | undefined {
  return TRANSITIONS[state][event];
}
