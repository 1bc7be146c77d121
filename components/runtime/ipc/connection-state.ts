// The runtime's IPC connection as one value, moved only by nextConnectionState (pure).
//   connecting | reconnecting --adopted--> connected   (a client connected and its hooks ran)
//   connected --lost--> reconnecting
//   any --close--> closed                              (final: nothing moves it again)

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'closed';
export type ConnectionEvent = 'adopted' | 'lost' | 'close';

const TRANSITIONS: Readonly<Record<ConnectionState, Partial<Record<ConnectionEvent, ConnectionState>>>> = {
  connecting: { adopted: 'connected', close: 'closed' },
  reconnecting: { adopted: 'connected', close: 'closed' },
  connected: { lost: 'reconnecting', close: 'closed' },
  closed: {},
};

/** The state after `event`; an event that does not apply leaves the state as it is. */
export function nextConnectionState(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  return TRANSITIONS[state][event] ?? state;
}
