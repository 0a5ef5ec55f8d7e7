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
  /** Whether `node` is in its lane's waiting queue (else in the arrival-order queue). */
  inLane = false;
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
 *
 * With lanes, senders wait in one arrival-order queue while they are all of different lanes or all of one: the order
 * the lanes' round-robin would serve them in, without a lane rotation per sender (decision 0273). A sender that
 * breaks that moves them all into their lanes' queues, oldest first; the lanes then serve until none waits.
 */
export class SendWaiters<T> {
  /** Without lanes: every waiting sender. With lanes: the arrival-order queue (empty while the lanes' is not). */
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
    return this.#lanes === undefined ? this.#fifo.size : this.#fifo.size + this.#lanes.waiting.size;
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
    this.#push(sender);
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

  #push(sender: ParkedSender<T>): void {
    const lanes = this.#lanes;
    if (lanes === undefined) {
      sender.node = this.#fifo.push(sender);
      return;
    }
    // With lanes the channel resolves every item's lane, so `lane` is set exactly when `#lanes` is.
    const lane = sender.lane as ChannelLane<HeldEntry<T>, SendWaiter<T>>;
    if (lanes.waiting.size === 0) {
      // Still all of different lanes, or all of one, with this sender: it waits in arrival order.
      const waiting = this.#fifo.size + 1;
      const different = lanes.parkedLanes + (lane.parked === 0 ? 1 : 0);
      if (different === waiting || different === 1) {
        lanes.park(lane);
        sender.node = this.#fifo.push(sender);
        return;
      }
      this.#spill(lanes);
    }
    sender.node = lanes.waiting.push(lane.waiting, sender);
    sender.inLane = true;
  }

  /** Moves the arrival-order queue into the lanes' queues, oldest first. */
  #spill(lanes: ChannelLanes<T, HeldEntry<T>, SendWaiter<T>>): void {
    for (let waiter = this.#fifo.shift(); waiter !== undefined; waiter = this.#fifo.shift()) {
      const sender = waiter as ParkedSender<T>;
      const lane = sender.lane as ChannelLane<HeldEntry<T>, SendWaiter<T>>;
      // Into the lane's queue first, then unparked: the lane never looks idle in between, so it is not retired.
      sender.node = lanes.waiting.push(lane.waiting, sender);
      sender.inLane = true;
      lanes.unpark(lane);
    }
  }

  #peek(): SendWaiter<T> | undefined {
    return this.#lanes === undefined || this.#fifo.size > 0 ? this.#fifo.peek() : this.#lanes.waiting.peek();
  }

  #shift(): SendWaiter<T> | undefined {
    const lanes = this.#lanes;
    if (lanes === undefined) return this.#fifo.shift();
    if (this.#fifo.size === 0) return lanes.waiting.shift();
    const waiter = this.#fifo.shift() as SendWaiter<T>;
    lanes.unpark(waiter.lane as ChannelLane<HeldEntry<T>, SendWaiter<T>>);
    return waiter;
  }

  #remove(sender: ParkedSender<T>): void {
    const { lane, node } = sender;
    const lanes = this.#lanes;
    if (node === undefined) return;
    if (lanes === undefined || lane === undefined) this.#fifo.remove(node);
    else if (sender.inLane) lanes.waiting.removeFrom(lane.waiting, (queue) => queue.remove(node));
    else if (this.#fifo.remove(node)) lanes.unpark(lane);
  }
}
