/**
 * A sliding-window counter: at most `limit` events in any `windowMs`. Keeps the timestamps of the last `limit`
 * admitted events in a ring, so a check is O(1) and memory is bounded by the limit.
 */
export class SlidingWindow {
  readonly #times: Float64Array;
  readonly #windowMs: number;
  #head = 0;
  #count = 0;

  constructor(limit: number, windowMs: number) {
    this.#times = new Float64Array(limit);
    this.#windowMs = windowMs;
  }

  /** Milliseconds until an event at `nowMs` would be admitted; 0 when it would be now. */
  waitMs(nowMs: number): number {
    if (this.#count < this.#times.length) return 0;
    const oldest = this.#times[this.#head] ?? 0;
    return Math.max(0, oldest + this.#windowMs - nowMs);
  }

  /** Records an event at `nowMs`. Call only after `waitMs(nowMs)` returned 0. */
  add(nowMs: number): void {
    const capacity = this.#times.length;
    this.#times[(this.#head + this.#count) % capacity] = nowMs;
    if (this.#count < capacity) this.#count += 1;
    else this.#head = (this.#head + 1) % capacity;
  }
}
