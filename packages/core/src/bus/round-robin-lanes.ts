import { type LinkedNode, LinkedQueue } from './linked-queue.js';

interface Lane<T> {
  readonly key: string;
  readonly items: LinkedQueue<T>;
  /** This lane's place in the rotation. */
  turn: LinkedNode<Lane<T>>;
}

/** A handle to one queued item, for O(1) removal (an aborted waiter, say). */
export interface LaneHandle<T> {
  readonly key: string;
  readonly node: LinkedNode<T>;
}

/**
 * Per-key FIFO lanes drained round-robin: `shift()` takes one item from the lane whose turn it is, then moves that
 * lane to the back of the rotation. A key that floods therefore waits its turn like any other, and a quiet key's
 * item is reached within one round (at most `laneCount` shifts), however much the others have queued.
 * A lane is deleted the moment it is empty, so the map holds only keys with queued items.
 *
 * @example
 * const lanes = new RoundRobinLanes<string>();
 * lanes.push('a', 'a1'); lanes.push('a', 'a2'); lanes.push('b', 'b1');
 * lanes.shift(); // 'a1'
 * lanes.shift(); // 'b1'
 * lanes.shift(); // 'a2'
 */
export class RoundRobinLanes<T> {
  readonly #lanes = new Map<string, Lane<T>>();
  readonly #rotation = new LinkedQueue<Lane<T>>();
  #size = 0;

  /** Items held across all lanes. */
  get size(): number {
    return this.#size;
  }

  /** Lanes that hold at least one item. */
  get laneCount(): number {
    return this.#lanes.size;
  }

  /** Items queued under `key`. */
  laneSize(key: string): number {
    return this.#lanes.get(key)?.items.size ?? 0;
  }

  /** Appends `item` to the lane of `key` (a new lane joins the back of the rotation). */
  push(key: string, item: T): LaneHandle<T> {
    let lane = this.#lanes.get(key);
    if (lane === undefined) {
      const created = { key, items: new LinkedQueue<T>() } as Lane<T>;
      created.turn = this.#rotation.push(created);
      this.#lanes.set(key, created);
      lane = created;
    }
    this.#size += 1;
    return { key, node: lane.items.push(item) };
  }

  /** The item `shift()` would return, without removing it. */
  peek(): T | undefined {
    return this.#rotation.peek()?.items.peek();
  }

  /** Removes and returns the next item in round-robin order, or `undefined` when empty. */
  shift(): T | undefined {
    const lane = this.#rotation.peek();
    if (lane === undefined) return undefined;
    const item = lane.items.shift();
    this.#size -= 1;
    if (lane.items.size === 0) {
      this.#rotation.remove(lane.turn);
      this.#lanes.delete(lane.key);
    } else if (this.#rotation.size > 1) {
      this.#rotation.remove(lane.turn);
      lane.turn = this.#rotation.push(lane);
    }
    return item;
  }

  /** Removes and returns the oldest item of one lane, without changing whose turn it is. */
  shiftFrom(key: string): T | undefined {
    const lane = this.#lanes.get(key);
    if (lane === undefined) return undefined;
    const item = lane.items.shift();
    this.#afterRemoval(lane);
    return item;
  }

  /** Removes one queued item by handle; returns false when it had already left. */
  remove(handle: LaneHandle<T>): boolean {
    const lane = this.#lanes.get(handle.key);
    if (lane === undefined || !lane.items.remove(handle.node)) return false;
    this.#afterRemoval(lane);
    return true;
  }

  #afterRemoval(lane: Lane<T>): void {
    this.#size -= 1;
    if (lane.items.size > 0) return;
    this.#rotation.remove(lane.turn);
    this.#lanes.delete(lane.key);
  }
}
