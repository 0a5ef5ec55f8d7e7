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

/** One sender that must wait for space. */
export interface SendWaitRequest<T> {
  item: T;
  bytes: number;
  /** The item's fairness lane, resolved once by the channel (`undefined`: one FIFO). */
  lane: SenderLane<T>;
  signal: AbortSignal | undefined;
  timeoutMs: number | undefined;
  /** Called when the wait ends without acceptance; returns the error to reject with. */
  giveUp(item: T, reason: 'timeout' | 'aborted'): BusError;
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

  constructor(
    lanes: ChannelLanes<T, HeldEntry<T>, SendWaiter<T>> | undefined,
    onWaited: (waitedMs: number) => void,
  ) {
    this.#lanes = lanes;
    this.#onWaited = onWaited;
  }

  get size(): number {
    return this.#lanes === undefined ? this.#fifo.size : this.#lanes.waiting.size;
  }

  /** Parks a sender until `admit` accepts its item, `rejectAll` refuses it, or it times out or aborts. */
  wait(request: SendWaitRequest<T>): Promise<SendOutcome> {
    return new Promise<SendOutcome>((resolve, reject) => {
      const startedMs = performance.now();
      const settle = (outcome: SendOutcome | BusError): void => {
        disarm();
        this.#onWaited(performance.now() - startedMs);
        if (typeof outcome === 'string') resolve(outcome);
        else reject(outcome);
      };
      const giveUp = (reason: 'timeout' | 'aborted'): void => {
        this.#remove(waiter, node);
        settle(request.giveUp(request.item, reason));
      };
      const disarm = guardWait({
        signal: request.signal,
        timeoutMs: request.timeoutMs,
        onAbort: () => giveUp('aborted'),
        onTimeout: () => giveUp('timeout'),
      });
      const waiter: SendWaiter<T> = { item: request.item, bytes: request.bytes, lane: request.lane, settle };
      const node = this.#push(waiter);
    });
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

  #remove(waiter: SendWaiter<T>, node: LinkedNode<SendWaiter<T>>): void {
    const { lane } = waiter;
    if (this.#lanes === undefined || lane === undefined) this.#fifo.remove(node);
    else this.#lanes.waiting.removeFrom(lane.waiting, (queue) => queue.remove(node));
  }
}
