/**
 * Store writes queued behind the caller, in order per reservation (its bookings, then its release); failures go to
 * `onError` and never stop the writes queued after them.
 */
export class StoreWrites {
  readonly #chains = new Map<string, Promise<void>>();
  readonly #pending = new Set<Promise<void>>();
  readonly #onError: (error: unknown) => void;

  constructor(onError: (error: unknown) => void) {
    this.#onError = onError;
  }

  /** Runs `write` after the writes queued for `key` (a key whose writes have all run is forgotten). */
  after(key: string, write: () => Promise<void>): void {
    const previous = this.#chains.get(key) ?? Promise.resolve();
    const next = previous.then(write).catch((error: unknown) => this.#onError(error));
    this.#pending.add(next);
    this.#chains.set(key, next);
    void next.finally(() => {
      this.#pending.delete(next);
      if (this.#chains.get(key) === next) this.#chains.delete(key);
    });
  }

  /** Resolves when every write queued so far (and any queued meanwhile) has run. */
  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }
}
