import type { BusError } from '@clawft/types';
import type { ChannelLane, ChannelLanes } from './channel-lanes.js';
import type { SendOutcome } from './channel-options.js';
import type { HeldEntry } from './held-items.js';
import { type LinkedNode, LinkedQueue } from './linked-queue.js';
import { guardWait } from './wait-guard.js';

/** The lane of a channel with `laneOf` (held entries and waiting senders of one key); `undefined` without. */
export type SenderLane<T> = ChannelLane<HeldEntry<T>, SendWaiter<T>> | undefined;

/** One sender waiting for space, with the lane its item goes to. */
export interface SendWaiter<T> {
  readonly item: T;
  readonly bytes: number;
  readonly lane: SenderLane<T>;
  settle(outcome: SendOutcome | BusError): void;
}

/** What `SendWaiters` needs from its channel. */
export interface SendWaitersOptions<T> {
  /** The channel's lanes (`undefined`: one FIFO). */
  lanes: ChannelLanes<T, HeldEntry<T>, SendWaiter<T>> | undefined;
  /** Hears how long each wait took, in milliseconds. */
  onWaited(waitedMs: number): void;
  /** Called when a wait ends without acceptance (after the sender left the queue); returns the error to reject with. */
  giveUp(item: T, reason: 'timeout' | 'aborted', timeoutMs: number | undefined): BusError;
}

function doNothing(): void {}

/**
 * One parked sender: a class instance, not a literal, with the promise's settle functions kept on it, so a wait
 * allocates the sender, its queue node and the promise, and no closure unless it has a signal or a timeout.
 * Literal allocation sites on this path let V8 pretenure them under a full channel; their dead copies in old space
 * then kept young objects alive through every scavenge, and a whole process ran 3-4× slower (decision 0272).
 */
class ParkedSender<T> implements SendWaiter<T> {
  readonly startedMs = performance.now();
  node: LinkedNode<SendWaiter<T>> | undefined = undefined;
  disarm: () => void = doNothing;
  resolve: (outcome: SendOutcome) => void = doNothing;
  reject: (error: BusError) => void = doNothing;

  constructor(
    readonly item: T,
    readonly bytes: number,
    readonly lane: SenderLane<T>,
    readonly onWaited: (waitedMs: number) => void,
  ) {}

  settle(outcome: SendOutcome | BusError): void {
    this.disarm();
    this.onWaited(performance.now() - this.startedMs);
    if (typeof outcome === 'string') this.resolve(outcome);
    else this.reject(outcome);
  }
}

// `new Promise` runs its executor at once: the sender being parked is handed over here, so no closure is made per wait.
let parking: ParkedSender<unknown> | undefined;
function park(resolve: (outcome: SendOutcome) => void, reject: (error: BusError) => void): void {
  const sender = parking as ParkedSender<unknown>;
  sender.resolve = resolve;
  sender.reject = reject;
}

/**
 * The senders waiting for space on a full channel: first come, first served within a lane, lanes round-robin (the
 * channel's `ChannelLanes`; one FIFO without `laneOf`). Each wait is timed (`onWaited`, milliseconds) and leaves the
 * queue at once on timeout or abort.
 */
export class SendWaiters<T> {
  readonly #fifo = new LinkedQueue<SendWaiter<T>>();
  readonly #lanes: ChannelLanes<T, HeldEntry<T>, SendWaiter<T>> | undefined;
  readonly #onWaited: (waitedMs: number) => void;
  readonly #giveUp: SendWaitersOptions<T>['giveUp'];

  constructor(options: SendWaitersOptions<T>) {
    this.#lanes = options.lanes;
    this.#onWaited = options.onWaited;
    this.#giveUp = options.giveUp;
  }

  get size(): number {
    return this.#lanes === undefined ? this.#fifo.size : this.#lanes.waiting.size;
  }

  /**
   * Parks a sender of `item` (going to `lane`, resolved once by the channel) until `admit` accepts it, `rejectAll`
   * refuses it, or it times out or its signal aborts.
   */
  wait(
    item: T,
    bytes: number,
    lane: SenderLane<T>,
    signal: AbortSignal | undefined,
    timeoutMs: number | undefined,
  ): Promise<SendOutcome> {
    const sender = new ParkedSender(item, bytes, lane, this.#onWaited);
    parking = sender as ParkedSender<unknown>;
    const promise = new Promise<SendOutcome>(park);
    parking = undefined;
    if (signal !== undefined || timeoutMs !== undefined) {
      const giveUp = (reason: 'timeout' | 'aborted'): void => {
        this.#remove(sender);
        sender.settle(this.#giveUp(item, reason, timeoutMs));
      };
      sender.disarm = guardWait({
        signal,
        timeoutMs,
        onAbort: () => giveUp('aborted'),
        onTimeout: () => giveUp('timeout'),
      });
    }
    sender.node = this.#push(sender);
    return promise;
  }

  /**
   * Accepts waiting items in turn while the next one fits; stops at the first that does not (no overtaking).
   * `accept` gets the item's lane too, so the channel need not resolve it again.
   */
  admit(
    fits: (bytes: number) => boolean,
    accept: (item: T, bytes: number, lane: SenderLane<T>) => void,
  ): void {
    for (let waiter = this.#peek(); waiter !== undefined; waiter = this.#peek()) {
      if (!fits(waiter.bytes)) return;
      // Held first, then out of the waiting queue: the lane never looks idle in between, so it is not retired.
      accept(waiter.item, waiter.bytes, waiter.lane);
      this.#shift();
      waiter.settle('accepted');
    }
  }

  /** Refuses every waiting sender with the error `refuse` returns for its item. */
  rejectAll(refuse: (item: T) => BusError): void {
    for (let waiter = this.#shift(); waiter !== undefined; waiter = this.#shift()) {
      waiter.settle(refuse(waiter.item));
    }
  }

  #push(waiter: SendWaiter<T>): LinkedNode<SendWaiter<T>> {
    // With lanes the channel resolves every item's lane, so `lane` is set exactly when `#lanes` is.
    if (this.#lanes === undefined) return this.#fifo.push(waiter);
    return this.#lanes.waiting.push(
      (waiter.lane as ChannelLane<HeldEntry<T>, SendWaiter<T>>).waiting,
      waiter,
    );
  }

  #peek(): SendWaiter<T> | undefined {
    return this.#lanes === undefined ? this.#fifo.peek() : this.#lanes.waiting.peek();
  }

  #shift(): SendWaiter<T> | undefined {
    return this.#lanes === undefined ? this.#fifo.shift() : this.#lanes.waiting.shift();
  }

  #remove(sender: ParkedSender<T>): void {
    const { lane, node } = sender;
    if (node === undefined) return;
    if (this.#lanes === undefined || lane === undefined) this.#fifo.remove(node);
    else this.#lanes.waiting.removeFrom(lane.waiting, (queue) => queue.remove(node));
  }
}
