import { type KeyedLane, LaneMap } from './lane-map.js';
import { LaneRotation, type RotationLane } from './lane-rotation.js';
import { type LinkedNode, LinkedQueue } from './linked-queue.js';

/** A handle to one queued item, for O(1) removal (an aborted waiter, say). */
export interface LaneHandle<T> {
  readonly key: string;
  readonly node: LinkedNode<T>;
}

class KeyLane<T> extends LinkedQueue<T> implements KeyedLane, RotationLane<T, KeyLane<T>> {
  previousLane: KeyLane<T> | undefined;
  nextLane: KeyLane<T> | undefined;

  constructor(
    readonly group: string,
    readonly key: string,
  ) {
    super();
  }
}

// One-part keys: every lane is in this group of the lane map.
const GROUP = '';

/**
 * Per-key FIFO lanes drained round-robin: `shift()` takes one item from the lane whose turn it is, then moves that
 * lane to the back of the rotation. A key that floods therefore waits its turn like any other, and a quiet key's
 * item is reached within one round (at most `laneCount` shifts), however much the others have queued.
 * `push` returns a handle that removes its item in O(1). Emptied lanes are kept for reuse only while they number at
 * most max(64, live lanes), so memory stays proportional to the keys with queued items.
 *
 * @example
 * const lanes = new RoundRobinLanes<string>();
 * lanes.push('a', 'a1'); lanes.push('a', 'a2'); lanes.push('b', 'b1');
 * lanes.shift(); // 'a1'
 * lanes.shift(); // 'b1'
 * lanes.shift(); // 'a2'
 */
export class RoundRobinLanes<T> {
  readonly #rotation: LaneRotation<T, KeyLane<T>> = new LaneRotation(() => this.#lanes.released());
  readonly #lanes = new LaneMap<KeyLane<T>>({
    create: (group, key) => new KeyLane<T>(group, key),
    isIdle: (lane) => lane.size === 0,
    live: () => this.#rotation.laneCount,
  });

  /** Items held across all lanes. */
  get size(): number {
    return this.#rotation.size;
  }

  /** Lanes that hold at least one item. */
  get laneCount(): number {
    return this.#rotation.laneCount;
  }

  /** Items queued under `key`. */
  laneSize(key: string): number {
    return this.#lanes.find(GROUP, key)?.size ?? 0;
  }

  /** Appends `item` to the lane of `key` (a new lane joins the back of the rotation) and returns its handle. */
  push(key: string, item: T): LaneHandle<T> {
    const lane = this.#lanes.get(GROUP, key);
    return { key, node: this.#rotation.push(lane, item) };
  }

  /** The item `shift()` would return, without removing it. */
  peek(): T | undefined {
    return this.#rotation.peek();
  }

  /** Removes and returns the next item in round-robin order, or `undefined` when empty. */
  shift(): T | undefined {
    return this.#rotation.shift();
  }

  /** Removes and returns the oldest item of one lane, without changing whose turn it is. */
  shiftFrom(key: string): T | undefined {
    const lane = this.#lanes.find(GROUP, key);
    return lane === undefined ? undefined : this.#rotation.shiftFrom(lane);
  }

  /** Removes one queued item by handle; returns false when it had already left. */
  remove(handle: LaneHandle<T>): boolean {
    // A lane is retired only once empty, when every node it held is unlinked: the lane found is the node's own.
    const lane = this.#lanes.find(GROUP, handle.key);
    return lane !== undefined && this.#rotation.removeFrom(lane, (queue) => queue.remove(handle.node));
  }
}
