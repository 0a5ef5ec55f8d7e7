import { type KeyedLane, LaneMap } from './lane-map.js';
import { LaneRotation, type RotationLane } from './lane-rotation.js';
import { LinkedQueue } from './linked-queue.js';
import { RingBuffer } from './ring-buffer.js';

/** The waiting senders of one channel lane: a linked queue (O(1) removal) that is its own rotation entry. */
export class WaitingQueue<H, W> extends LinkedQueue<W> implements RotationLane<W, WaitingQueue<H, W>> {
  previousLane: WaitingQueue<H, W> | undefined;
  nextLane: WaitingQueue<H, W> | undefined;

  constructor(readonly lane: ChannelLane<H, W>) {
    super();
  }
}

/**
 * The lane of one fairness key in a channel. The lane is the ring buffer of its held items (`H`) and their rotation
 * entry, so a send reaches the slot of its item in two hops (lane, ring array); its waiting senders (`W`) are in
 * `waiting`. Each kind is served round-robin against the other lanes' in its own rotation.
 */
export class ChannelLane<H, W>
  extends RingBuffer<H>
  implements KeyedLane, RotationLane<H, ChannelLane<H, W>>
{
  previousLane: ChannelLane<H, W> | undefined;
  nextLane: ChannelLane<H, W> | undefined;
  readonly waiting: WaitingQueue<H, W> = new WaitingQueue<H, W>(this);
  /** Senders of this lane waiting in the channel's arrival-order queue instead of `waiting` (`ChannelLanes#park`). */
  parked = 0;

  constructor(
    readonly group: string,
    readonly key: string,
  ) {
    super();
  }

  /** Nothing held, nobody waiting: the lane may be retired. */
  get idle(): boolean {
    return this.size === 0 && this.waiting.size === 0 && this.parked === 0;
  }
}

/** How a channel's items map to lanes: `laneOf`, optionally under `laneGroupOf` (a two-part key). */
export interface ChannelLanesOptions<T> {
  laneOf: (item: T) => string;
  laneGroupOf: ((item: T) => string) | undefined;
  /** Emptied lanes kept for reuse at the least (see `LaneMapOptions#idleKept`). @default 64 */
  idleKept?: number | undefined;
}

const ONE_GROUP = (): string => '';

/**
 * The fairness lanes of one channel. A send resolves its item's lane once (`laneFor`: one `Map` lookup while items
 * come from one group); the held items and the waiting senders of that key live on the same lane object, so a
 * waiting sender that is admitted moves into its lane's held items without another lookup (decision 0215).
 * A lane is idle when both its queues are empty; idle lanes are retired as `LaneMap` describes.
 */
export class ChannelLanes<T, H, W> {
  readonly held: LaneRotation<H, ChannelLane<H, W>>;
  readonly waiting: LaneRotation<W, WaitingQueue<H, W>>;
  readonly #lanes: LaneMap<ChannelLane<H, W>>;
  readonly #laneOf: (item: T) => string;
  readonly #groupOf: (item: T) => string;
  #parkedLanes = 0;

  constructor(options: ChannelLanesOptions<T>) {
    this.#laneOf = options.laneOf;
    this.#groupOf = options.laneGroupOf ?? ONE_GROUP;
    const emptied = (lane: ChannelLane<H, W>): void => {
      if (lane.idle) this.#lanes.released();
    };
    this.held = new LaneRotation<H, ChannelLane<H, W>>(emptied);
    this.waiting = new LaneRotation<W, WaitingQueue<H, W>>((queue) => emptied(queue.lane));
    this.#lanes = new LaneMap<ChannelLane<H, W>>({
      create: (group, key) => new ChannelLane<H, W>(group, key),
      isIdle: (lane) => lane.idle,
      // Lanes with something queued, counted once per queue: at least the live lanes, at most three times as many.
      live: () => this.held.laneCount + this.waiting.laneCount + this.#parkedLanes,
      idleKept: options.idleKept,
    });
  }

  /** The lane of `item`, created when its key has none. */
  laneFor(item: T): ChannelLane<H, W> {
    return this.#lanes.get(this.#groupOf(item), this.#laneOf(item));
  }

  /** The lane of `(group, key)`, created when it has none. */
  laneAt(group: string, key: string): ChannelLane<H, W> {
    return this.#lanes.get(group, key);
  }

  /** The first part of `item`'s lane key (`laneGroupOf`; `''` without it). */
  groupOf(item: T): string {
    return this.#groupOf(item);
  }

  /** The second part of `item`'s lane key (`laneOf`). */
  keyOf(item: T): string {
    return this.#laneOf(item);
  }

  /**
   * Lanes with senders waiting outside their `waiting` queue (in the channel's arrival-order queue): the number of
   * different lanes among those senders.
   */
  get parkedLanes(): number {
    return this.#parkedLanes;
  }

  /** A sender of `lane` waits outside the lane's `waiting` queue: the lane is not idle until `unpark`. */
  park(lane: ChannelLane<H, W>): void {
    if (lane.parked === 0) this.#parkedLanes += 1;
    lane.parked += 1;
  }

  /** That sender left (or moved into the lane's `waiting` queue, which it must join first). */
  unpark(lane: ChannelLane<H, W>): void {
    lane.parked -= 1;
    if (lane.parked > 0) return;
    this.#parkedLanes -= 1;
    if (lane.idle) this.#lanes.released();
  }

  /** Lanes kept, live and idle: what the lanes cost in memory. */
  get laneCount(): number {
    return this.#lanes.size;
  }
}
