import type { BusError, OverflowPolicy } from '@clawft/types';
import { callHook } from './call-hook.js';
import { channelError, type RefusalCause } from './channel-error.js';
import { ChannelLanes } from './channel-lanes.js';
import { ChannelCounters, type ChannelMetrics } from './channel-metrics.js';
import {
  type BoundedChannelOptions,
  checkChannelOptions,
  checkTimeout,
  type DropReason,
  jsonBytes,
  type ReceiveOptions,
  type SendOptions,
  type SendOutcome,
  type TrySendResult,
} from './channel-options.js';
import { type HeldEntry, HeldItems } from './held-items.js';
import { IDLE_LANES_KEPT } from './lane-map.js';
import { ReceiveWaiters } from './receive-waiters.js';
import { type SenderLane, type SendWaiter, SendWaiters } from './send-waiters.js';

type Offer = SendOutcome | 'full';
type Refusal = Extract<RefusalCause, 'closed' | 'oversize'>;

// Shared settled promises: the common case (space available) allocates nothing per send.
const OUTCOMES: Readonly<Record<SendOutcome, Promise<SendOutcome>>> = {
  accepted: Promise.resolve('accepted'),
  'dropped-oldest': Promise.resolve('dropped-oldest'),
  'dropped-newest': Promise.resolve('dropped-newest'),
};
const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/** The most idle lanes a channel keeps for reuse, however large its capacity (~300 bytes each). */
const MOST_IDLE_LANES_KEPT = 4096;

/**
 * Idle lanes a channel keeps for reuse: as many as it holds items (between 64 and 4096), so a consumer that keeps
 * up with as many chats as the channel holds finds each chat's lane again instead of making one per message
 * (decision 0272).
 */
function idleLanesKept(capacity: number): number {
  return Math.min(Math.max(capacity, IDLE_LANES_KEPT), MOST_IDLE_LANES_KEPT);
}

/**
 * A bounded, multi-producer multi-consumer async queue with an explicit overflow policy. Nothing is lost unseen:
 * every item that does not stay is counted by reason in `metrics()` and passed to `onDrop`.
 *
 * @throws {TypeError} when an option is out of range (the message quotes the value).
 * @example
 * const channel = new BoundedChannel<string>({ capacity: 2 });
 * await channel.send('a');
 * for await (const item of channel) console.log(item);
 */
export class BoundedChannel<T> implements AsyncIterable<T> {
  readonly name: string;
  readonly capacity: number;
  readonly maxBytes: number | undefined;
  readonly overflowPolicy: OverflowPolicy;
  readonly sendTimeoutMs: number | undefined;
  readonly maxWaitingSenders: number | undefined;
  readonly #lanes: ChannelLanes<T, HeldEntry<T>, SendWaiter<T>> | undefined;
  readonly #onDrop: ((item: T, reason: DropReason) => void) | undefined;
  readonly #held: HeldItems<T, SendWaiter<T>>;
  readonly #receivers = new ReceiveWaiters<T>();
  readonly #counters = new ChannelCounters();
  readonly #senders: SendWaiters<T>;
  readonly #fitsBound = (bytes: number): boolean => this.#held.fits(bytes);
  readonly #acceptBound = (item: T, bytes: number, lane: SenderLane<T>): void =>
    this.#accept(item, bytes, lane);
  readonly #receiveAborted = (): BusError => channelError(this, 'receive-aborted');
  readonly #wakeBound = (): void => this.#wake();
  #wakeScheduled = false;
  #closed = false;

  constructor(options: BoundedChannelOptions<T> = {}) {
    checkChannelOptions(options);
    this.name = options.name ?? 'channel';
    this.capacity = options.capacity ?? 1024;
    this.maxBytes = options.maxBytes;
    this.overflowPolicy = options.overflowPolicy ?? 'block';
    this.sendTimeoutMs = options.sendTimeoutMs;
    this.maxWaitingSenders = options.maxWaitingSenders;
    this.#onDrop = options.onDrop;
    const { laneOf, laneGroupOf } = options;
    const lanes =
      laneOf === undefined
        ? undefined
        : new ChannelLanes<T, HeldEntry<T>, SendWaiter<T>>({
            laneOf,
            laneGroupOf,
            idleKept: idleLanesKept(this.capacity),
          });
    this.#lanes = lanes;
    this.#held = new HeldItems({
      capacity: this.capacity,
      maxBytes: options.maxBytes,
      sizeOf: options.sizeOf ?? jsonBytes,
      lanes,
    });
    this.#senders = new SendWaiters<T>({
      lanes,
      onWaited: (waitedMs) => this.#counters.recordWait(waitedMs),
      giveUp: (item, reason, timeoutMs) => {
        this.#drop(item, reason);
        // The sender that left may have been holding up smaller items behind it (maxBytes).
        this.#admitSenders();
        return channelError(this, reason, timeoutMs);
      },
    });
  }

  /** Items held now. */
  get size(): number {
    return this.#held.size;
  }

  /** True once `close()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Offers an item and resolves once it is accepted (or dropped by a `drop-*` policy). Under `block` a full channel
   * makes it wait; waiting senders are served first come, first served (per lane when `laneOf` is set).
   *
   * @throws {BusError} `bus-full` (after `timeoutMs` under `block`, at once under `reject`, at once under `block`
   * when `maxWaitingSenders` already wait, or when the item alone exceeds `maxBytes`), `bus-closed` (closed before acceptance), `aborted` (the signal fired first).
   */
  send(item: T, options?: SendOptions): Promise<SendOutcome> {
    checkTimeout('timeoutMs', options?.timeoutMs);
    if (options?.signal?.aborted === true) {
      this.#drop(item, 'aborted');
      return Promise.reject(channelError(this, 'aborted'));
    }
    const bytes = this.#held.measure(item);
    const refusal = this.#refusal(item, bytes);
    if (refusal !== undefined) return Promise.reject(channelError(this, refusal, bytes));
    const offer = this.#offer(item, bytes);
    return offer === 'full' ? this.#full(item, bytes, options) : OUTCOMES[offer];
  }

  /** Offers an item without waiting and says what happened. A full channel under `block` or `reject` refuses it. */
  trySend(item: T): TrySendResult {
    const bytes = this.#held.measure(item);
    const refusal = this.#refusal(item, bytes);
    if (refusal !== undefined) return refusal === 'oversize' ? 'rejected' : refusal;
    const offer = this.#offer(item, bytes);
    if (offer === 'full') this.#drop(item, 'rejected');
    return offer === 'full' ? 'rejected' : offer;
  }

  /**
   * Takes the next item, waiting for one if the channel is empty.
   *
   * @throws {BusError} `bus-closed` once the channel is closed and drained, `aborted` when the signal fires first.
   */
  async receive(options?: ReceiveOptions): Promise<T> {
    // An item is held: taken at once, with no iterator result made for it.
    if (this.#held.size > 0) return this.#take();
    const result = await this.#next(options?.signal);
    if (result.done === true) throw channelError(this, 'drained');
    return result.value;
  }

  /** Iterates items until the channel is closed and drained (or `signal` aborts, which throws `aborted`). */
  iterate(options: ReceiveOptions = {}): AsyncIterableIterator<T> {
    const iterator: AsyncIterableIterator<T> = {
      next: () => this.#next(options.signal),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this.iterate();
  }

  /** Stops accepting items: waiting senders reject with `bus-closed`; receivers drain what was accepted, then end. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#senders.rejectAll((item) => {
      this.#drop(item, 'closed');
      return channelError(this, 'closed');
    });
    // Receivers park only on an empty channel; if items arrived since, the scheduled wake serves them, then ends.
    if (this.#held.size === 0) this.#receivers.endAll();
  }

  /** A snapshot of the counters (see `ChannelMetrics`). */
  metrics(): ChannelMetrics {
    return {
      name: this.name,
      capacity: this.capacity,
      maxBytes: this.maxBytes,
      overflowPolicy: this.overflowPolicy,
      depth: this.#held.size,
      bytes: this.#held.bytes,
      highWaterMark: this.#held.highWaterMark,
      ...this.#counters.snapshot(),
      waitingSenders: this.#senders.size,
      waitingReceivers: this.#receivers.size,
      lanes: this.#lanes?.laneCount ?? 0,
      closed: this.#closed,
    };
  }

  /** Refuses (and counts) an item that can never be accepted: the channel is closed, or it alone exceeds `maxBytes`. */
  #refusal(item: T, bytes: number): Refusal | undefined {
    const reason: Refusal | undefined = this.#closed
      ? 'closed'
      : this.maxBytes !== undefined && bytes > this.maxBytes
        ? 'oversize'
        : undefined;
    if (reason !== undefined) this.#drop(item, reason);
    return reason;
  }

  #offer(item: T, bytes: number): Offer {
    // Accepted at once: the held items resolve the item's lane only if their order needs it (decision 0273).
    if (this.#senders.size === 0 && this.#held.fits(bytes)) {
      this.#accept(item, bytes, undefined);
      return 'accepted';
    }
    if (this.overflowPolicy === 'drop-newest') {
      this.#drop(item, 'dropped-newest');
      return 'dropped-newest';
    }
    if (this.overflowPolicy !== 'drop-oldest') return 'full';
    const lane = this.#held.laneFor(item);
    while (!this.#held.fits(bytes)) {
      const evicted = this.#held.evictFor(lane);
      if (evicted === undefined) break;
      this.#drop(evicted, 'dropped-oldest');
    }
    // Evictions may have emptied and retired the item's lane: resolve it again (only on this overflow path).
    this.#accept(item, bytes, this.#held.laneFor(item));
    return 'dropped-oldest';
  }

  #accept(item: T, bytes: number, lane: SenderLane<T>): void {
    this.#counters.accepted += 1;
    this.#held.push(item, bytes, lane);
    // Parked receivers are served on the next microtask rather than now: the sender runs ahead first, so a busy
    // consumer finds items waiting instead of parking for each one (decision 0023).
    if (this.#receivers.size > 0 && !this.#wakeScheduled) {
      this.#wakeScheduled = true;
      queueMicrotask(this.#wakeBound);
    }
  }

  #wake(): void {
    this.#wakeScheduled = false;
    while (this.#receivers.size > 0 && this.#held.size > 0) this.#receivers.handOff(this.#take());
    if (this.#closed && this.#held.size === 0) this.#receivers.endAll();
  }

  /** A send that found the channel full: waits under `block` while the waiting room has space, else refused. */
  #full(item: T, bytes: number, options: SendOptions | undefined): Promise<SendOutcome> {
    const blocks = this.overflowPolicy === 'block';
    const roomFull = this.maxWaitingSenders !== undefined && this.#senders.size >= this.maxWaitingSenders;
    if (blocks && !roomFull) {
      // Its lane, resolved once: a waiting sender is served in its lane's turn and admitted into it directly.
      const lane = this.#held.laneFor(item);
      return this.#senders.wait(item, bytes, lane, options?.signal, options?.timeoutMs ?? this.sendTimeoutMs);
    }
    this.#drop(item, 'rejected');
    return Promise.reject(
      blocks ? channelError(this, 'too-many-waiting', this.maxWaitingSenders) : channelError(this, 'full'),
    );
  }

  #next(signal: AbortSignal | undefined): Promise<IteratorResult<T, undefined>> {
    if (this.#held.size > 0) return Promise.resolve({ value: this.#take(), done: false });
    if (this.#closed) return Promise.resolve(DONE);
    if (signal?.aborted === true) return Promise.reject(this.#receiveAborted());
    return this.#receivers.wait(signal, this.#receiveAborted);
  }

  #take(): T {
    const item = this.#held.shift() as T;
    this.#counters.delivered += 1;
    this.#admitSenders();
    return item;
  }

  #admitSenders(): void {
    if (this.#senders.size > 0) this.#senders.admit(this.#fitsBound, this.#acceptBound);
  }

  #drop(item: T, reason: DropReason): void {
    this.#counters.dropped[reason] += 1;
    callHook(this.#onDrop, item, reason);
  }
}
