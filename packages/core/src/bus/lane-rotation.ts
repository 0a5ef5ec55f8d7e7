/** The FIFO one lane keeps its items in: a `RingBuffer` (no allocation per item) or a `LinkedQueue` (handles). */
export interface LaneQueue<T> {
  readonly size: number;
  push(item: T): unknown;
  shift(): T | undefined;
  peek(): T | undefined;
}

/**
 * One lane's queue as a rotation sees it: the queue itself, with the links of the rotation's ring (no wrapper object,
 * no entry allocated per turn). The owner finds or creates it by key (`LaneMap`).
 */
export interface RotationLane<T, L> extends LaneQueue<T> {
  /** The lane served before this one, while this one holds items (set by the rotation only). */
  previousLane: L | undefined;
  /** The lane served after this one, while this one holds items (set by the rotation only). */
  nextLane: L | undefined;
}

/**
 * FIFO lanes served round-robin — the one implementation behind `RoundRobinLanes` (waiters, with handles) and a
 * channel's held items and waiting senders (`ChannelLanes`). `shift()` takes one item from the lane whose turn it is
 * and passes the turn to the next lane, so a quiet lane's item is reached within one round however much others queue.
 *
 * The rotation is a ring of the lanes that hold items, linked through the lanes themselves: a lane joins at the back
 * (just before the lane whose turn it is) when it gets its first item and leaves when its last item goes, however it
 * goes (in turn, `shiftFrom`, `removeFrom`), each in O(1) with nothing allocated (decisions 0141, 0215). The rotation
 * knows lanes, not keys: the caller resolves a key to its lane once. `onEmptied` hears of every lane that runs empty,
 * so the owner can retire idle lanes. Every change to a lane's queue must go through its rotation.
 */
export class LaneRotation<T, L extends RotationLane<T, L>> {
  readonly #onEmptied: (lane: L) => void;
  #current: L | undefined;
  #live = 0;
  #size = 0;

  constructor(onEmptied: (lane: L) => void) {
    this.#onEmptied = onEmptied;
  }

  /** Items held across all lanes. */
  get size(): number {
    return this.#size;
  }

  /** Lanes that hold at least one item (the lanes in the ring). */
  get laneCount(): number {
    return this.#live;
  }

  /** Appends `item` to `lane` (a lane that was empty joins the back of the rotation); returns what the queue does. */
  push(lane: L, item: T): ReturnType<L['push']> {
    if (lane.size === 0) this.#link(lane);
    this.#size += 1;
    return lane.push(item) as ReturnType<L['push']>;
  }

  /** The item `shift()` would return, without removing it. */
  peek(): T | undefined {
    return this.#current?.peek();
  }

  /** Removes and returns the next item in round-robin order, or `undefined` when empty. */
  shift(): T | undefined {
    const lane = this.#current;
    if (lane === undefined) return undefined;
    const item = lane.shift();
    this.#size -= 1;
    if (lane.size > 0) this.#current = lane.nextLane;
    else this.#unlink(lane);
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

  #removed(lane: L): void {
    this.#size -= 1;
    if (lane.size === 0) this.#unlink(lane);
  }

  /** Inserts `lane` just before the lane whose turn it is: the back of the round. */
  #link(lane: L): void {
    this.#live += 1;
    const current = this.#current;
    if (current === undefined) {
      lane.previousLane = lane;
      lane.nextLane = lane;
      this.#current = lane;
      return;
    }
    const last = current.previousLane as L;
    last.nextLane = lane;
    lane.previousLane = last;
    lane.nextLane = current;
    current.previousLane = lane;
  }

  #unlink(lane: L): void {
    this.#live -= 1;
    const next = lane.nextLane as L;
    if (next === lane) {
      this.#current = undefined;
    } else {
      const previous = lane.previousLane as L;
      previous.nextLane = next;
      next.previousLane = previous;
      if (this.#current === lane) this.#current = next;
    }
    lane.previousLane = undefined;
    lane.nextLane = undefined;
    this.#onEmptied(lane);
  }
}
