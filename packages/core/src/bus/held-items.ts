import { ArrivalWindow } from './arrival-window.js';
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
interface EntryStore<T, E, L> {
  /** Holds `entry` (of `item`) in `lane`; with lanes, `undefined` means not resolved yet (the store decides). */
  push(entry: E, item: T, lane: L | undefined): void;
  shift(): E | undefined;
  /** Removes the entry `drop-oldest` evicts to make room for an item of `lane`. */
  evictFor(lane: L): E | undefined;
  /** The lane `item` goes to (`undefined` without lanes). */
  laneFor(item: T): L | undefined;
}

class FifoStore<T, E> extends RingBuffer<E> implements EntryStore<T, E, undefined> {
  evictFor(): E | undefined {
    return this.shift();
  }

  laneFor(): undefined {
    return undefined;
  }
}

/**
 * Held entries in per-key lanes served round-robin, with an `ArrivalWindow` in front: while the lanes are empty and
 * the held entries are all of different keys (or all of one), they are served in arrival order, which is what the
 * lanes would give, with no lane looked up (decision 0273). The first entry that breaks that shape moves the window
 * into the lanes, which then serve until they run empty. The window holds entries only while the lanes hold none.
 */
class LaneStore<T, E, W> implements EntryStore<T, E, ChannelLane<E, W>> {
  readonly #lanes: ChannelLanes<T, E, W>;
  readonly #window = new ArrivalWindow<E>();
  readonly #intoLane = (entry: E, group: string, key: string): void => {
    this.#lanes.held.push(this.#lanes.laneAt(group, key), entry);
  };

  constructor(lanes: ChannelLanes<T, E, W>) {
    this.#lanes = lanes;
  }

  push(entry: E, item: T, resolved: ChannelLane<E, W> | undefined): void {
    const lanes = this.#lanes;
    let lane = resolved;
    if (lane === undefined) {
      const group = lanes.groupOf(item);
      const key = lanes.keyOf(item);
      // The window holds entries only while the lanes hold none.
      if ((this.#window.size > 0 || lanes.held.size === 0) && this.#window.push(entry, group, key)) return;
      this.#spill();
      lane = lanes.laneAt(group, key);
    } else {
      this.#spill();
    }
    lanes.held.push(lane, entry);
  }

  shift(): E | undefined {
    return this.#window.size > 0 ? this.#window.shift() : this.#lanes.held.shift();
  }

  // A flooding key evicts its own oldest item; a key with nothing queued takes the slot of whoever is next.
  evictFor(lane: ChannelLane<E, W>): E | undefined {
    this.#spill();
    return this.#lanes.held.shiftFrom(lane) ?? this.#lanes.held.shift();
  }

  /** The lane of `item`, after the window has moved into the lanes (a lane is needed: the order is theirs now). */
  laneFor(item: T): ChannelLane<E, W> {
    this.#spill();
    return this.#lanes.laneFor(item);
  }

  #spill(): void {
    if (this.#window.size > 0) this.#window.drain(this.#intoLane);
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
 * channel passes an item's lane when it has one (`laneFor`: a parked sender, `drop-oldest`), else `undefined`, and
 * the store looks the lane up only if the held items' order needs it; without lanes, `lane` is always `undefined`.
 *
 * Under `maxBytes` each item is stored with the size measured at send and released with that same size, so an item
 * mutated while held cannot drift the total (decision 0140). Without `maxBytes` items are stored bare: no wrapper,
 * no `sizeOf` call.
 */
export class HeldItems<T, W> {
  // Holds `Measured<T>` when `#measured`, else bare `T`; the flag, not the shape, says which.
  readonly #store: EntryStore<T, HeldEntry<T>, ChannelLane<HeldEntry<T>, W> | undefined>;
  readonly #measured: boolean;
  readonly #capacity: number;
  readonly #maxBytes: number | undefined;
  readonly #sizeOf: (item: T) => number;
  // Counted here rather than asked of the store: the channel reads it several times per item.
  #size = 0;
  #bytes = 0;
  #highWaterMark = 0;

  constructor(options: HeldItemsOptions<T, W>) {
    this.#measured = options.maxBytes !== undefined;
    const { lanes } = options;
    this.#store = (lanes === undefined ? new FifoStore() : new LaneStore(lanes)) as EntryStore<
      T,
      HeldEntry<T>,
      ChannelLane<HeldEntry<T>, W> | undefined
    >;
    this.#capacity = options.capacity;
    this.#maxBytes = options.maxBytes;
    this.#sizeOf = options.sizeOf;
  }

  get size(): number {
    return this.#size;
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
      this.#size < this.#capacity && (this.#maxBytes === undefined || this.#bytes + bytes <= this.#maxBytes)
    );
  }

  /**
   * Holds `item`, counted at `bytes` (from `measure` at send) until it leaves. With lanes, `lane` is the item's lane
   * when the caller has it (`laneFor`), else `undefined`: resolved only if the held items' order needs it.
   */
  push(item: T, bytes: number, lane: ChannelLane<HeldEntry<T>, W> | undefined): void {
    this.#store.push(this.#measured ? { item, bytes } : item, item, lane);
    this.#bytes += bytes;
    this.#size += 1;
    if (this.#size > this.#highWaterMark) this.#highWaterMark = this.#size;
  }

  shift(): T | undefined {
    return this.#released(this.#store.shift());
  }

  /** The lane `item` goes to (`undefined` without lanes): what a parked sender and `drop-oldest` need. */
  laneFor(item: T): ChannelLane<HeldEntry<T>, W> | undefined {
    return this.#store.laneFor(item);
  }

  /** Removes the item `drop-oldest` evicts to make room for an item of `lane`. */
  evictFor(lane: ChannelLane<HeldEntry<T>, W> | undefined): T | undefined {
    return this.#released(this.#store.evictFor(lane));
  }

  #released(entry: HeldEntry<T> | undefined): T | undefined {
    if (entry === undefined) return undefined;
    this.#size -= 1;
    if (!this.#measured) return entry as T;
    const measured = entry as Measured<T>;
    this.#bytes -= measured.bytes;
    return measured.item;
  }
}
