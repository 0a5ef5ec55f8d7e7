import type { StreamPart } from '@clawft/types';
import type { PartBatch } from './part-batches.js';

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/**
 * The parts of a batch stream one by one: the only per-part hop of a clawft stream, at the outermost layer. A
 * plain iterator rather than an async generator, so a part already in hand costs one resolved promise. It reads
 * the next batch only once the last part of the previous one was taken and another is asked for, and `return()`
 * (a consumer that stops early) closes the batch source.
 */
class FlattenedBatches implements AsyncIterableIterator<StreamPart> {
  readonly #source: AsyncIterable<PartBatch>;
  #batches: AsyncIterator<PartBatch> | undefined;
  #batch: PartBatch = [];
  #index = 0;
  #done = false;
  /** A pull of the next batch in progress: a next() that comes meanwhile waits for it. */
  #pulling: Promise<IteratorResult<StreamPart>> | undefined;

  constructor(source: AsyncIterable<PartBatch>) {
    this.#source = source;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<StreamPart>> {
    if (this.#pulling !== undefined) return this.#pulling.then(() => this.next());
    if (this.#index < this.#batch.length) {
      const value = this.#batch[this.#index] as StreamPart;
      this.#index += 1;
      return Promise.resolve({ value, done: false });
    }
    if (this.#done) return Promise.resolve(DONE);
    const pulling = this.#pull();
    this.#pulling = pulling;
    const settled = () => {
      if (this.#pulling === pulling) this.#pulling = undefined;
    };
    pulling.then(settled, settled);
    return pulling;
  }

  async return(): Promise<IteratorResult<StreamPart>> {
    this.#finish();
    const batches = this.#batches;
    this.#batches = undefined;
    await batches?.return?.();
    return DONE;
  }

  /** Like an async generator's: closes the batch source, then rejects with `error`. */
  async throw(error: unknown): Promise<IteratorResult<StreamPart>> {
    await this.return();
    throw error;
  }

  async #pull(): Promise<IteratorResult<StreamPart>> {
    this.#batches ??= this.#source[Symbol.asyncIterator]();
    for (;;) {
      let result: IteratorResult<PartBatch>;
      try {
        result = await this.#batches.next();
      } catch (error) {
        this.#finish();
        throw error;
      }
      if (result.done === true) {
        this.#finish();
        return DONE;
      }
      // Empty batches are skipped: a consumer only ever sees parts.
      if (result.value.length === 0) continue;
      this.#batch = result.value;
      this.#index = 1;
      return { value: result.value[0] as StreamPart, done: false };
    }
  }

  #finish(): void {
    this.#done = true;
    this.#batch = [];
    this.#index = 0;
  }
}

/** `batches` as a stream of parts. */
export function flattenBatches(batches: AsyncIterable<PartBatch>): AsyncIterable<StreamPart> {
  return new FlattenedBatches(batches);
}
