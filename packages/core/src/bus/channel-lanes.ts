import { type KeyedLane, LaneMap } from './lane-map.js';
import { LaneRotation } from './lane-rotation.js';
import { LinkedQueue } from './linked-queue.js';
import { RingBuffer } from './ring-buffer.js';

/** The held items of one channel lane: a ring buffer that is its own rotation entry. */
export class HeldQueue<H, W> extends RingBuffer<H> {
  queued = false;

  constructor(readonly lane: ChannelLane<H, W>) {
    super();
  }
}

/** The waiting senders of one channel lane: a linked queue (O(1) removal) that is its own rotation entry. */
export class WaitingQueue<H, W> extends LinkedQueue<W> {
  queued = false;

  constructor(readonly lane: ChannelLane<H, W>) {
    super();
  }
}

/**
 * The lane of one fairness key in a channel: its held items (`H`) and its waiting senders (`W`), each served
 * round-robin against the other lanes' in its own rotation.
 */
export class ChannelLane<H, W> implements KeyedLane {
  readonly held: HeldQueue<H, W> = new HeldQueue<H, W>(this);
  readonly waiting: WaitingQueue<H, W> = new WaitingQueue<H, W>(this);

  constructor(
    readonly group: string,
    readonly key: string,
  ) {}

  /** Nothing held, nobody waiting: the lane may be retired. */
  get idle(): boolean {
    return this.held.size === 0 && this.waiting.size === 0;
  }
}

/** How a channel's items map to lanes: `laneOf`, optionally under `laneGroupOf` (a two-part key). */
export interface ChannelLanesOptions<T> {
  laneOf: (item: T) => string;
  laneGroupOf: ((item: T) => string) | undefined;
}

const ONE_GROUP = (): string => '';

/**
 * The fairness lanes of one channel. A send resolves its item's lane once (`laneFor`: one `Map` lookup while items
 * come from one group); the held items and the waiting senders of that key live on the same lane object, so a
 * waiting sender that is admitted moves into its lane's held items without another lookup (decision 0215).
 * A lane is idle when both its queues are empty; idle lanes are retired as `LaneMap` describes.
 */
export class ChannelLanes<T, H, W> {
  readonly held: LaneRotation<H, HeldQueue<H, W>>;
  readonly waiting: LaneRotation<W, WaitingQueue<H, W>>;
  readonly #lanes: LaneMap<ChannelLane<H, W>>;
  readonly #laneOf: (item: T) => string;
  readonly #groupOf: (item: T) => string;

  constructor(options: ChannelLanesOptions<T>) {
    this.#laneOf = options.laneOf;
    this.#groupOf = options.laneGroupOf ?? ONE_GROUP;
    const emptied = (queue: { readonly lane: ChannelLane<H, W> }): void => {
      if (queue.lane.idle) this.#lanes.released(this.#live());
    };
    this.held = new LaneRotation<H, HeldQueue<H, W>>(emptied);
    this.waiting = new LaneRotation<W, WaitingQueue<H, W>>(emptied);
    this.#lanes = new LaneMap<ChannelLane<H, W>>({
      create: (group, key) => new ChannelLane<H, W>(group, key),
      isIdle: (lane) => lane.idle,
      onSweep: () => {
        this.held.purge();
        this.waiting.purge();
      },
    });
  }

  /** The lane of `item`, created when its key has none. */
  laneFor(item: T): ChannelLane<H, W> {
    return this.#lanes.get(this.#groupOf(item), this.#laneOf(item), this.#live());
  }

  /** Lanes kept (live and idle) and the entries each rotation holds: what the lanes cost in memory. */
  get retained(): { lanes: number; heldEntries: number; waitingEntries: number } {
    return { lanes: this.#lanes.size, heldEntries: this.held.entries, waitingEntries: this.waiting.entries };
  }

  // Non-empty queues: at least the live lanes, at most twice as many (a lane may hold items and waiters).
  #live(): number {
    return this.held.laneCount + this.waiting.laneCount;
  }
}
