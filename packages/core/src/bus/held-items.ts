import { LaneRotation } from './lane-rotation.js';
import { RingBuffer } from './ring-buffer.js';

/** Where a channel keeps accepted items: one FIFO, or per-key lanes served round-robin. */
interface ItemStore<T> {
  readonly size: number;
  /** `lane`: the item's lane when known (lane stores compute it otherwise). */
  push(item: T, lane: string | undefined): void;
  shift(): T | undefined;
  /** Removes the item `drop-oldest` evicts to make room for `incoming`. */
  evictFor(incoming: T): T | undefined;
}

class FifoStore<T> extends RingBuffer<T> implements ItemStore<T> {
  evictFor(): T | undefined {
    return this.shift();
  }
}

class LaneStore<T> implements ItemStore<T> {
  // Ring buffers per lane: held items are never removed by handle, so no node is allocated per item.
  readonly #lanes = new LaneRotation<T, RingBuffer<T>>(() => new RingBuffer<T>());
  readonly #laneOf: (item: T) => string;

  constructor(laneOf: (item: T) => string) {
    this.#laneOf = laneOf;
  }

  get size(): number {
    return this.#lanes.size;
  }

  push(item: T, lane: string | undefined): void {
    this.#lanes.push(lane ?? this.#laneOf(item), item);
  }

  shift(): T | undefined {
    return this.#lanes.shift();
  }

  // A flooding key evicts its own oldest item; a key with nothing queued takes the slot of whoever is next.
  evictFor(incoming: T): T | undefined {
    return this.#lanes.shiftFrom(this.#laneOf(incoming)) ?? this.#lanes.shift();
  }
}

/** Limits of a `HeldItems`. */
export interface HeldItemsOptions<T> {
  capacity: number;
  maxBytes: number | undefined;
  sizeOf: (item: T) => number;
  laneOf: ((item: T) => string) | undefined;
}

/** An item held under `maxBytes`, with the bytes it was measured at when it was sent. */
interface Measured<T> {
  readonly item: T;
  readonly bytes: number;
}

/**
 * The items a channel holds, with their count and byte limits, byte total and high-water mark.
 *
 * Under `maxBytes` each item is stored with the size measured at send and released with that same size, so an item
 * mutated while held cannot drift the total (decision 0140). Without `maxBytes` items are stored bare: no wrapper,
 * no `sizeOf` call.
 */
export class HeldItems<T> {
  // Holds `Measured<T>` when `#measured`, else bare `T`; the flag, not the shape, says which.
  readonly #store: ItemStore<T | Measured<T>>;
  readonly #measured: boolean;
  readonly #capacity: number;
  readonly #maxBytes: number | undefined;
  readonly #sizeOf: (item: T) => number;
  #bytes = 0;
  #highWaterMark = 0;

  constructor(options: HeldItemsOptions<T>) {
    this.#measured = options.maxBytes !== undefined;
    const { laneOf } = options;
    const entryLane =
      laneOf === undefined ? undefined : (entry: T | Measured<T>) => laneOf(this.#itemOf(entry));
    this.#store = entryLane === undefined ? new FifoStore() : new LaneStore(entryLane);
    this.#capacity = options.capacity;
    this.#maxBytes = options.maxBytes;
    this.#sizeOf = options.sizeOf;
  }

  get size(): number {
    return this.#store.size;
  }

  /** Bytes held (0 without `maxBytes`). */
  get bytes(): number {
    return this.#bytes;
  }

  get highWaterMark(): number {
    return this.#highWaterMark;
  }

  /** The item's bytes as counted against `maxBytes` (0 without it: `sizeOf` is then never called). */
  measure(item: T): number {
    return this.#maxBytes === undefined ? 0 : this.#sizeOf(item);
  }

  /** Whether an item of `bytes` fits now. */
  fits(bytes: number): boolean {
    return (
      this.#store.size < this.#capacity &&
      (this.#maxBytes === undefined || this.#bytes + bytes <= this.#maxBytes)
    );
  }

  /** Holds `item`, counted at `bytes` (from `measure` at send) until it leaves; `lane` saves a `laneOf` call. */
  push(item: T, bytes: number, lane?: string): void {
    this.#store.push(this.#measured ? { item, bytes } : item, lane);
    this.#bytes += bytes;
    if (this.#store.size > this.#highWaterMark) this.#highWaterMark = this.#store.size;
  }

  shift(): T | undefined {
    return this.#released(this.#store.shift());
  }

  /** Removes the item `drop-oldest` evicts to make room for `incoming`. */
  evictFor(incoming: T): T | undefined {
    return this.#released(this.#store.evictFor(this.#measured ? { item: incoming, bytes: 0 } : incoming));
  }

  #itemOf(entry: T | Measured<T>): T {
    return this.#measured ? (entry as Measured<T>).item : (entry as T);
  }

  #released(entry: T | Measured<T> | undefined): T | undefined {
    if (entry === undefined) return undefined;
    if (!this.#measured) return entry as T;
    const measured = entry as Measured<T>;
    this.#bytes -= measured.bytes;
    return measured.item;
  }
}
