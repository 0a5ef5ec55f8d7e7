import { RingBuffer } from './ring-buffer.js';

/** The FIFO one lane keeps its items in: a `RingBuffer` (no allocation per item) or a `LinkedQueue` (handles). */
export interface LaneQueue<T> {
  readonly size: number;
  push(item: T): unknown;
  shift(): T | undefined;
  peek(): T | undefined;
}

interface Lane<Q> {
  readonly key: string;
  readonly items: Q;
  /** Whether the lane has an entry in the rotation (possibly stale: emptied by `shiftFrom` or `removeFrom`). */
  queued: boolean;
}

/** Emptied lanes kept for reuse at the least (more while more lanes are live). */
const IDLE_LANES_KEPT = 64;

/**
 * Per-key FIFO lanes served round-robin — the one implementation behind `RoundRobinLanes` (waiters, with handles)
 * and the bus's held items (ring buffers). `shift()` takes one item from the lane whose turn it is and sends that
 * lane to the back of the rotation, so a quiet key's item is reached within one round however much others queue.
 *
 * Nothing is allocated per item beyond what the lane queue does (decision 0141): the rotation is a ring buffer of
 * lanes; an emptied lane stays in the map for reuse (a consumer that keeps up empties and refills lanes all the
 * time) until emptied lanes outnumber max(64, live lanes), when they are swept — amortised O(1) per emptied lane,
 * and memory stays proportional to the keys with queued items.
 */
export class LaneRotation<T, Q extends LaneQueue<T>> {
  readonly #lanes = new Map<string, Lane<Q>>();
  readonly #rotation = new RingBuffer<Lane<Q>>();
  readonly #createQueue: () => Q;
  #live = 0;
  #size = 0;

  constructor(createQueue: () => Q) {
    this.#createQueue = createQueue;
  }

  /** Items held across all lanes. */
  get size(): number {
    return this.#size;
  }

  /** Lanes that hold at least one item. */
  get laneCount(): number {
    return this.#live;
  }

  /** Emptied lanes still kept for reuse (at most max(64, `laneCount`) + 1), and entries the rotation holds. */
  get retained(): { idleLanes: number; rotationEntries: number } {
    return { idleLanes: this.#lanes.size - this.#live, rotationEntries: this.#rotation.size };
  }

  /** Items queued under `key`. */
  laneSize(key: string): number {
    return this.#lanes.get(key)?.items.size ?? 0;
  }

  /** Appends `item` to the lane of `key` (a new lane joins the back of the rotation); returns what the queue does. */
  push(key: string, item: T): ReturnType<Q['push']> {
    let lane = this.#lanes.get(key);
    if (lane === undefined) {
      lane = { key, items: this.#createQueue(), queued: false };
      this.#lanes.set(key, lane);
    }
    if (lane.items.size === 0) this.#live += 1;
    if (!lane.queued) {
      lane.queued = true;
      this.#rotation.push(lane);
    }
    this.#size += 1;
    return lane.items.push(item) as ReturnType<Q['push']>;
  }

  /** The item `shift()` would return, without removing it. */
  peek(): T | undefined {
    return this.#current()?.items.peek();
  }

  /** Removes and returns the next item in round-robin order, or `undefined` when empty. */
  shift(): T | undefined {
    const lane = this.#current();
    if (lane === undefined) return undefined;
    const item = lane.items.shift();
    this.#rotation.shift();
    if (lane.items.size > 0) this.#rotation.push(lane);
    else lane.queued = false;
    this.#removed(lane);
    return item;
  }

  /** Removes and returns the oldest item of one lane, without changing whose turn it is. */
  shiftFrom(key: string): T | undefined {
    const lane = this.#lanes.get(key);
    if (lane === undefined || lane.items.size === 0) return undefined;
    const item = lane.items.shift();
    this.#removed(lane);
    return item;
  }

  /** Removes an item from the lane of `key` with `remove` (true when it was there); returns what it returned. */
  removeFrom(key: string, remove: (items: Q) => boolean): boolean {
    const lane = this.#lanes.get(key);
    if (lane === undefined || !remove(lane.items)) return false;
    this.#removed(lane);
    return true;
  }

  /** The lane whose turn it is, dropping stale rotation entries (lanes emptied out of turn) on the way. */
  #current(): Lane<Q> | undefined {
    for (let lane = this.#rotation.peek(); lane !== undefined; lane = this.#rotation.peek()) {
      if (lane.items.size > 0) return lane;
      this.#rotation.shift();
      lane.queued = false;
    }
    return undefined;
  }

  #removed(lane: Lane<Q>): void {
    this.#size -= 1;
    if (lane.items.size > 0) return;
    this.#live -= 1;
    const idle = this.#lanes.size - this.#live;
    if (idle > IDLE_LANES_KEPT && idle > this.#live) this.#sweep();
  }

  /** Deletes every emptied lane from the map and the rotation, keeping the order of the others. */
  #sweep(): void {
    for (const [key, lane] of this.#lanes) if (lane.items.size === 0) this.#lanes.delete(key);
    for (let remaining = this.#rotation.size; remaining > 0; remaining -= 1) {
      const lane = this.#rotation.shift() as Lane<Q>;
      if (lane.items.size > 0) this.#rotation.push(lane);
      else lane.queued = false;
    }
  }
}
