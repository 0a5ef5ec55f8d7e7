import type { ChannelLane, ChannelLanes } from './channel-lanes.js';
import { RingBuffer } from './ring-buffer.js';

/** An item held under `maxBytes`, with the bytes it was measured at when it was sent. */
interface Measured<T> {
  readonly item: T;
  readonly bytes: number;
}

/** What a channel holds per item: the item itself, or with `maxBytes` the item and its size at send. */
export type HeldEntry<T> = T | Measured<T>;

/** Where a channel keeps accepted entries: one FIFO, or per-key lanes served round-robin. */
interface EntryStore<E, L> {
  readonly size: number;
  push(entry: E, lane: L): void;
  shift(): E | undefined;
  /** Removes the entry `drop-oldest` evicts to make room for an item of `lane`. */
  evictFor(lane: L): E | undefined;
}

class FifoStore<E> extends RingBuffer<E> implements EntryStore<E, undefined> {
  evictFor(): E | undefined {
    return this.shift();
  }
}

class LaneStore<T, E, W> implements EntryStore<E, ChannelLane<E, W>> {
  readonly #lanes: ChannelLanes<T, E, W>;

  constructor(lanes: ChannelLanes<T, E, W>) {
    this.#lanes = lanes;
  }

  get size(): number {
    return this.#lanes.held.size;
  }

  push(entry: E, lane: ChannelLane<E, W>): void {
    this.#lanes.held.push(lane, entry);
  }

  shift(): E | undefined {
    return this.#lanes.held.shift();
  }

  // A flooding key evicts its own oldest item; a key with nothing queued takes the slot of whoever is next.
  evictFor(lane: ChannelLane<E, W>): E | undefined {
    return this.#lanes.held.shiftFrom(lane) ?? this.#lanes.held.shift();
  }
}

/** Limits of a `HeldItems`, and the channel's lanes when it has `laneOf`. */
export interface HeldItemsOptions<T, W> {
  capacity: number;
  maxBytes: number | undefined;
  sizeOf: (item: T) => number;
  lanes: ChannelLanes<T, HeldEntry<T>, W> | undefined;
}

/**
 * The items a channel holds, with their count and byte limits, byte total and high-water mark. With lanes, the
 * channel passes each item's lane (resolved once per send); without, `lane` is `undefined`.
 *
 * Under `maxBytes` each item is stored with the size measured at send and released with that same size, so an item
 * mutated while held cannot drift the total (decision 0140). Without `maxBytes` items are stored bare: no wrapper,
 * no `sizeOf` call.
 */
export class HeldItems<T, W> {
  // Holds `Measured<T>` when `#measured`, else bare `T`; the flag, not the shape, says which.
  readonly #store: EntryStore<HeldEntry<T>, ChannelLane<HeldEntry<T>, W> | undefined>;
  readonly #measured: boolean;
  readonly #capacity: number;
  readonly #maxBytes: number | undefined;
  readonly #sizeOf: (item: T) => number;
  #bytes = 0;
  #highWaterMark = 0;

  constructor(options: HeldItemsOptions<T, W>) {
    this.#measured = options.maxBytes !== undefined;
    const { lanes } = options;
    this.#store = (lanes === undefined ? new FifoStore() : new LaneStore(lanes)) as EntryStore<
      HeldEntry<T>,
      ChannelLane<HeldEntry<T>, W> | undefined
    >;
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

  /** Holds `item` in `lane`, counted at `bytes` (from `measure` at send) until it leaves. */
  push(item: T, bytes: number, lane: ChannelLane<HeldEntry<T>, W> | undefined): void {
    this.#store.push(this.#measured ? { item, bytes } : item, lane);
    this.#bytes += bytes;
    if (this.#store.size > this.#highWaterMark) this.#highWaterMark = this.#store.size;
  }

  shift(): T | undefined {
    return this.#released(this.#store.shift());
  }

  /** Removes the item `drop-oldest` evicts to make room for an item of `lane`. */
  evictFor(lane: ChannelLane<HeldEntry<T>, W> | undefined): T | undefined {
    return this.#released(this.#store.evictFor(lane));
  }

  #released(entry: HeldEntry<T> | undefined): T | undefined {
    if (entry === undefined) return undefined;
    if (!this.#measured) return entry as T;
    const measured = entry as Measured<T>;
    this.#bytes -= measured.bytes;
    return measured.item;
  }
}
