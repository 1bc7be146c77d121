// IPC tokens: one random secret per component identity, given to its processes as SVCUID
// (docs/ipc-protocol.md#handshake and 12). The token is the whole authentication: whoever presents it is that
// component, so it is long and random, and revoking it closes the component's connections.

import { randomBytes } from 'node:crypto';
import { ListenerSet, type Unsubscribe } from '../util/listener-set.ts';

/** 128 random bits, upper-case hex (the nucleus uses 16 upper-case characters). */
const TOKEN_RANDOM_BYTES = 16;

export class TokenRegistry {
  readonly #tokenByComponent = new Map<string, string>();
  readonly #componentByToken = new Map<string, string>();
  readonly #revoked: ListenerSet<string>;

  constructor(onListenerError: (error: unknown) => void = () => {}) {
    this.#revoked = new ListenerSet(onListenerError);
  }

  /** The component's token, created on first use; the same value until it is revoked. */
  issue(componentName: string): string {
    if (componentName === '') throw new TypeError('TokenRegistry.issue: componentName must not be empty');
    const existing = this.#tokenByComponent.get(componentName);
    if (existing) return existing;
    const token = randomBytes(TOKEN_RANDOM_BYTES).toString('hex').toUpperCase();
    this.#tokenByComponent.set(componentName, token);
    this.#componentByToken.set(token, componentName);
    return token;
  }

  /** The component a token authenticates as, or undefined. */
  lookup(token: string): string | undefined {
    return this.#componentByToken.get(token);
  }

  /** Every component that holds a token now. */
  holders(): string[] {
    return [...this.#tokenByComponent.keys()];
  }

  tokenOf(componentName: string): string | undefined {
    return this.#tokenByComponent.get(componentName);
  }

  /** Invalidates the component's token; its open connections are closed by the server. */
  revoke(componentName: string): boolean {
    const token = this.#tokenByComponent.get(componentName);
    if (token === undefined) return false;
    this.#tokenByComponent.delete(componentName);
    this.#componentByToken.delete(token);
    this.#revoked.emit(componentName);
    return true;
  }

  onRevoked(listener: (componentName: string) => void): Unsubscribe {
    return this.#revoked.add(listener);
  }
}
