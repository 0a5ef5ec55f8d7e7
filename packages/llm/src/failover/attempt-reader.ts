import type { PartBatch } from '../stream/part-batches.js';
import type { AttemptTracker } from './attempt-tracker.js';
import type { HoldGate } from './hold-gate.js';

const noop = (): void => {};

/**
 * Reads one attempt's batch stream in batches of parts ready to show: live (each batch as it comes, tool calls
 * held until `finish`) or through a hold gate. A plain async method rather than a generator, so each batch costs
 * one await here and one `yield` in the failover stream. Reads only when asked: no batch is fetched ahead.
 */
export class AttemptReader {
  readonly #open: () => AsyncIterable<PartBatch>;
  #iterator: AsyncIterator<PartBatch> | undefined;
  readonly #tracker: AttemptTracker;
  readonly #gate: HoldGate | undefined;
  readonly #onMissingFinish: () => Error;
  #pending: Promise<IteratorResult<PartBatch>> | undefined;

  constructor(options: {
    /** Starts the target's stream; called on the first `next()`, so a target that throws at once fails there. */
    open: () => AsyncIterable<PartBatch>;
    tracker: AttemptTracker;
    gate: HoldGate | undefined;
    onMissingFinish: () => Error;
  }) {
    this.#open = options.open;
    this.#tracker = options.tracker;
    this.#gate = options.gate;
    this.#onMissingFinish = options.onMissingFinish;
  }

  /** The next parts to show (possibly none), or undefined once the attempt finished. Throws the target's error. */
  async next(): Promise<PartBatch | undefined> {
    const gate = this.#gate;
    while (!this.#tracker.finished) {
      this.#iterator ??= this.#open()[Symbol.asyncIterator]();
      this.#pending ??= this.#iterator.next();
      const result = gate?.holding === true ? await gate.wait(this.#pending) : await this.#pending;
      if (result === 'release') return gate?.release() ?? [];
      this.#pending = undefined;
      if (result.done === true) throw this.#onMissingFinish();
      const parts = this.#tracker.accept(result.value);
      if (gate?.holding !== true) return parts;
      if (gate.add(parts)) return gate.release();
    }
    return undefined;
  }

  /** No hold gate: the failover stream may use `pull` and `take` (one await per batch) instead of `next`. */
  get live(): boolean {
    return this.#gate === undefined;
  }

  /** Live only: whether the attempt has finished (no more to pull). */
  get finished(): boolean {
    return this.#tracker.finished;
  }

  /** Live only: the upstream's next result, as it is (no promise of our own per batch). */
  pull(): Promise<IteratorResult<PartBatch>> {
    this.#iterator ??= this.#open()[Symbol.asyncIterator]();
    return this.#iterator.next();
  }

  /** Live only: the parts to show for a pulled result. */
  take(result: IteratorResult<PartBatch>): PartBatch {
    if (result.done === true) throw this.#onMissingFinish();
    return this.#tracker.accept(result.value);
  }

  /** Stops reading: clears the hold timer and closes the upstream iterator without waiting for it. */
  close(): void {
    this.#gate?.dispose();
    this.#pending?.catch(noop);
    this.#iterator?.return?.()?.catch(noop);
  }
}
