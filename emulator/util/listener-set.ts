// A typed set of listeners. A listener that throws cannot stop the others: its error goes to
// `onListenerError` (the owner logs it).

export type Unsubscribe = () => void;

export class ListenerSet<Event> {
  readonly #listeners = new Set<(event: Event) => void>();
  readonly #onListenerError: (error: unknown) => void;

  constructor(onListenerError: (error: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  get size(): number {
    return this.#listeners.size;
  }

  add(listener: (event: Event) => void): Unsubscribe {
    // Wrap so that adding the same function twice gives two independent registrations.
    const registration = (event: Event) => listener(event);
    this.#listeners.add(registration);
    return () => {
      this.#listeners.delete(registration);
    };
  }

  emit(event: Event): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
