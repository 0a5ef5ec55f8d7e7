import { RingBuffer } from './ring-buffer.js';

/** The FIFO one lane keeps its items in: a `RingBuffer` (no allocation per item) or a `LinkedQueue` (handles). */
export interface LaneQueue<T> {
  readonly size: number;
  push(item: T): unknown;
  shift(): T | undefined;
  peek(): T | undefined;
}

/**
 * One lane's queue as a rotation sees it: the queue itself with a flag (no wrapper object, one less indirection per
 * item). The owner finds or creates it by key (`LaneMap`).
 */
export interface RotationLane<T> extends LaneQueue<T> {
  /** Whether the lane has an entry in the rotation (possibly stale: emptied by `shiftFrom` or `removeFrom`). */
  queued: boolean;
}

/**
 * FIFO lanes served round-robin — the one implementation behind `RoundRobinLanes` (waiters, with handles) and a
 * channel's held items and waiting senders (`ChannelLanes`). `shift()` takes one item from the lane whose turn it is
 * and sends that lane to the back of the rotation, so a quiet lane's item is reached within one round however much
 * others queue.
 *
 * The rotation knows lanes, not keys: the caller resolves a key to its lane once (decision 0215) and passes the lane
 * object. Nothing is allocated per item beyond what the lane queue does (decision 0141): the rotation is a ring buffer
 * of lanes, and a lane emptied out of turn is skipped lazily. `onEmptied` hears of every lane that runs empty, so the
 * owner can retire idle lanes (then `purge()` drops their stale entries).
 */
export class LaneRotation<T, L extends RotationLane<T>> {
  readonly #rotation = new RingBuffer<L>();
  readonly #onEmptied: (lane: L) => void;
  #live = 0;
  #size = 0;

  constructor(onEmptied: (lane: L) => void) {
    this.#onEmptied = onEmptied;
  }

  /** Items held across all lanes. */
  get size(): number {
    return this.#size;
  }

  /** Lanes that hold at least one item. */
  get laneCount(): number {
    return this.#live;
  }

  /** Entries the rotation holds (live lanes, plus stale entries of lanes emptied out of turn). */
  get entries(): number {
    return this.#rotation.size;
  }

  /** Appends `item` to `lane` (which joins the back of the rotation if it is not in it); returns what the queue does. */
  push(lane: L, item: T): ReturnType<L['push']> {
    if (lane.size === 0) this.#live += 1;
    if (!lane.queued) {
      lane.queued = true;
      this.#rotation.push(lane);
    }
    this.#size += 1;
    return lane.push(item) as ReturnType<L['push']>;
  }

  /** The item `shift()` would return, without removing it. */
  peek(): T | undefined {
    return this.#current()?.peek();
  }

  /** Removes and returns the next item in round-robin order, or `undefined` when empty. */
  shift(): T | undefined {
    const lane = this.#current();
    if (lane === undefined) return undefined;
    const item = lane.shift();
    this.#rotation.shift();
    if (lane.size > 0) this.#rotation.push(lane);
    else lane.queued = false;
    this.#removed(lane);
    return item;
  }

  /** Removes and returns the oldest item of one lane, without changing whose turn it is. */
  shiftFrom(lane: L): T | undefined {
    if (lane.size === 0) return undefined;
    const item = lane.shift();
    this.#removed(lane);
    return item;
  }

  /** Removes an item from `lane` with `remove` (true when it was there); returns what it returned. */
  removeFrom(lane: L, remove: (lane: L) => boolean): boolean {
    if (!remove(lane)) return false;
    this.#removed(lane);
    return true;
  }

  /** Drops the entries of emptied lanes, keeping the order of the others (before those lanes are retired). */
  purge(): void {
    for (let remaining = this.#rotation.size; remaining > 0; remaining -= 1) {
      const lane = this.#rotation.shift() as L;
      if (lane.size > 0) this.#rotation.push(lane);
      else lane.queued = false;
    }
  }

  /** The lane whose turn it is, dropping stale rotation entries (lanes emptied out of turn) on the way. */
  #current(): L | undefined {
    for (let lane = this.#rotation.peek(); lane !== undefined; lane = this.#rotation.peek()) {
      if (lane.size > 0) return lane;
      this.#rotation.shift();
      lane.queued = false;
    }
    return undefined;
  }

  #removed(lane: L): void {
    this.#size -= 1;
    if (lane.size > 0) return;
    this.#live -= 1;
    this.#onEmptied(lane);
  }
}
