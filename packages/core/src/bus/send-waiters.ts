import type { BusError } from '@clawft/types';
import type { SendOutcome } from './channel-options.js';
import { type LaneHandle, RoundRobinLanes } from './round-robin-lanes.js';
import { guardWait } from './wait-guard.js';

interface SendWaiter<T> {
  readonly item: T;
  readonly bytes: number;
  readonly lane: string;
  settle(outcome: SendOutcome | BusError): void;
}

/** One sender that must wait for space. */
export interface SendWaitRequest<T> {
  item: T;
  bytes: number;
  /** Fairness lane (one shared lane without `laneOf`). */
  lane: string;
  signal: AbortSignal | undefined;
  timeoutMs: number | undefined;
  /** Called when the wait ends without acceptance; returns the error to reject with. */
  giveUp(item: T, reason: 'timeout' | 'aborted'): BusError;
}

/**
 * The senders waiting for space on a full channel: first come, first served within a lane, lanes round-robin.
 * Each wait is timed (`onWaited`, milliseconds) and leaves the queue at once on timeout or abort.
 */
export class SendWaiters<T> {
  readonly #lanes = new RoundRobinLanes<SendWaiter<T>>();
  readonly #onWaited: (waitedMs: number) => void;

  constructor(onWaited: (waitedMs: number) => void) {
    this.#onWaited = onWaited;
  }

  get size(): number {
    return this.#lanes.size;
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
        this.#lanes.remove(handle);
        settle(request.giveUp(request.item, reason));
      };
      const disarm = guardWait({
        signal: request.signal,
        timeoutMs: request.timeoutMs,
        onAbort: () => giveUp('aborted'),
        onTimeout: () => giveUp('timeout'),
      });
      const waiter = { item: request.item, bytes: request.bytes, lane: request.lane, settle };
      const handle: LaneHandle<SendWaiter<T>> = this.#lanes.push(request.lane, waiter);
    });
  }

  /**
   * Accepts waiting items in turn while the next one fits; stops at the first that does not (no overtaking).
   * `accept` gets the item's lane too, so the channel need not compute it again.
   */
  admit(fits: (bytes: number) => boolean, accept: (item: T, bytes: number, lane: string) => void): void {
    for (let waiter = this.#lanes.peek(); waiter !== undefined; waiter = this.#lanes.peek()) {
      if (!fits(waiter.bytes)) return;
      this.#lanes.shift();
      accept(waiter.item, waiter.bytes, waiter.lane);
      waiter.settle('accepted');
    }
  }

  /** Refuses every waiting sender with the error `refuse` returns for its item. */
  rejectAll(refuse: (item: T) => BusError): void {
    for (let waiter = this.#lanes.shift(); waiter !== undefined; waiter = this.#lanes.shift()) {
      waiter.settle(refuse(waiter.item));
    }
  }
}
