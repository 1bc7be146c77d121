// The classifier service's life as one value, moved only by nextServiceState (pure).
//   loading  --model-ready-->  serving
//   loading  --model-failed--> stopping   (requests that arrived meanwhile are answered)
//   loading | serving --stop--> stopping  (queued requests drain, new ones are answered BUSY)
//   stopping --drained-->      stopped

export type ServiceState = 'loading' | 'serving' | 'stopping' | 'stopped';
export type ServiceEvent = 'model-ready' | 'model-failed' | 'stop' | 'drained';

const TRANSITIONS: Readonly<Record<ServiceState, Partial<Record<ServiceEvent, ServiceState>>>> = {
  loading: { 'model-ready': 'serving', 'model-failed': 'stopping', stop: 'stopping' },
  serving: { stop: 'stopping' },
  stopping: { drained: 'stopped' },
  stopped: {},
};

/** The state after `event`; an event that does not apply leaves the state as it is. */
export function nextServiceState(state: ServiceState, event: ServiceEvent): ServiceState {
  return TRANSITIONS[state][event] ?? state;
}

/** Whether new requests are taken (queued while loading, classified once serving). */
export const acceptsRequests = (state: ServiceState): boolean => state === 'loading' || state === 'serving';
