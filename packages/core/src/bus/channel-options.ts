import type { OverflowPolicy } from '@clawft/types';

/** Why an offered item did not stay in the channel. Every one is counted and passed to `onDrop`. */
export type DropReason =
  /** Evicted by a newer item under `drop-oldest`. */
  | 'dropped-oldest'
  /** The new item itself, discarded under `drop-newest`. */
  | 'dropped-newest'
  /** Refused because the channel was full (`reject`, `trySend` under `block`, or `maxWaitingSenders` reached). */
  | 'rejected'
  /** Larger than `maxBytes` on its own, so it could never fit. */
  | 'oversize'
  /** A blocked `send` ran out of `timeoutMs`. */
  | 'timeout'
  /** A `send` whose signal was aborted before the item was accepted. */
  | 'aborted'
  /** Offered after `close()`, or still waiting when it was called. */
  | 'closed';

export const DROP_REASONS: readonly DropReason[] = [
  'dropped-oldest',
  'dropped-newest',
  'rejected',
  'oversize',
  'timeout',
  'aborted',
  'closed',
];

/** What `send` resolves with: the item was accepted (possibly evicting the oldest), or dropped by policy. */
export type SendOutcome = 'accepted' | 'dropped-oldest' | 'dropped-newest';

/** What `trySend` did, without ever waiting. */
export type TrySendResult = SendOutcome | 'rejected' | 'closed';

/** Options of `BoundedChannel`. */
export interface BoundedChannelOptions<T> {
  /** Maximum items held. A positive integer. @default 1024 */
  capacity?: number | undefined;
  /** Optional cap on the bytes held, as measured by `sizeOf`. A positive integer. */
  maxBytes?: number | undefined;
  /**
   * Bytes of one item, used with `maxBytes`; must return the same number for the same item.
   * @default UTF-8 bytes of `JSON.stringify(item)`
   */
  sizeOf?: ((item: T) => number) | undefined;
  /** What a full channel does with a new item. @default 'block' */
  overflowPolicy?: OverflowPolicy | undefined;
  /** Default wait limit for `send` under `block`, in milliseconds. Absent: wait until space or abort. */
  sendTimeoutMs?: number | undefined;
  /**
   * Under `block`, the most senders that may wait for space at once; a `send` beyond it fails at once with
   * `bus-full` (counted as `rejected`), so publishers that do not await cannot pile up unbounded. A positive
   * integer. Absent: no bound (the bus sets one from `bus.maxWaitingSenders`).
   */
  maxWaitingSenders?: number | undefined;
  /**
   * Fairness key (e.g. `sessionKey`). When set, held items and waiting senders are kept in per-key lanes served
   * round-robin, so one key that floods cannot starve another. Absent: one FIFO.
   */
  laneOf?: ((item: T) => string) | undefined;
  /**
   * With `laneOf`, the first part of a two-part fairness key: items share a lane when both `laneGroupOf` and `laneOf`
   * agree, compared as a pair (no key string is built per item, and no separator can make two keys collide). The bus
   * uses `channel` and `chatId`. Needs `laneOf`.
   */
  laneGroupOf?: ((item: T) => string) | undefined;
  /**
   * Called with every item that does not stay in the channel, and why. Must not throw (an error it throws is
   * re-thrown asynchronously, and the channel stays consistent).
   */
  onDrop?: ((item: T, reason: DropReason) => void) | undefined;
  /** Name used in errors and metrics. @default 'channel' */
  name?: string | undefined;
}

/** Options of one `send`. */
export interface SendOptions {
  /** Stops waiting for space: the send rejects with a `BusError` of kind `aborted` and leaves the queue at once. */
  signal?: AbortSignal | undefined;
  /** Overrides the channel's `sendTimeoutMs` for this send, in milliseconds. */
  timeoutMs?: number | undefined;
}

/** Options of one `receive`. */
export interface ReceiveOptions {
  /** Stops waiting for an item: the receive rejects with a `BusError` of kind `aborted`. */
  signal?: AbortSignal | undefined;
}

const POLICIES: readonly OverflowPolicy[] = ['block', 'drop-oldest', 'drop-newest', 'reject'];

/** Throws a TypeError quoting the bad value unless `value` is absent or a positive integer. */
export function checkPositiveInteger(name: string, value: number | undefined): void {
  if (value === undefined || (Number.isInteger(value) && value > 0)) return;
  throw new TypeError(`Expected \`${name}\` to be a positive integer, got \`${String(value)}\``);
}

/** Validates channel options; throws a TypeError quoting the first bad value. */
export function checkChannelOptions<T>(options: BoundedChannelOptions<T>): void {
  checkPositiveInteger('capacity', options.capacity);
  checkPositiveInteger('maxBytes', options.maxBytes);
  checkPositiveInteger('maxWaitingSenders', options.maxWaitingSenders);
  checkTimeout('sendTimeoutMs', options.sendTimeoutMs);
  if (options.laneGroupOf !== undefined && options.laneOf === undefined) {
    throw new TypeError('Expected `laneOf` with `laneGroupOf` (the second part of the lane key), got none');
  }
  const policy = options.overflowPolicy;
  if (policy !== undefined && !POLICIES.includes(policy)) {
    throw new TypeError(`Expected \`overflowPolicy\` to be one of ${POLICIES.join(', ')}, got \`${policy}\``);
  }
}

// setTimeout fires at once for delays beyond a signed 32-bit integer, so longer waits are refused up front.
const MAX_TIMEOUT_MS = 2_147_483_647;

/** Throws a TypeError unless `value` is absent or a number of milliseconds from 0 to 2^31 - 1. */
export function checkTimeout(name: string, value: number | undefined): void {
  if (value === undefined || (value >= 0 && value <= MAX_TIMEOUT_MS)) return;
  throw new TypeError(
    `Expected \`${name}\` to be 0 to ${MAX_TIMEOUT_MS} milliseconds, got \`${String(value)}\``,
  );
}

/** UTF-8 bytes of the item's JSON: the default `sizeOf`. */
export function jsonBytes(item: unknown): number {
  return Buffer.byteLength(JSON.stringify(item) ?? '', 'utf8');
}
