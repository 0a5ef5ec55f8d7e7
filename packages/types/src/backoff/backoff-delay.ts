/** The shape of an exponential backoff, in ms. */
export interface Backoff {
  /** Delay before the first retry, in ms; it doubles with each further retry. */
  baseDelayMs: number;
  /** Cap on the delay before jitter, in ms. */
  maxDelayMs: number;
  /** Random share taken off each delay: 0 (none, every client in lockstep) to 1 (full jitter). */
  jitter: number;
}

/**
 * The delay before retry number `retry` (1-based): `baseDelayMs · 2^(retry-1)` capped at `maxDelayMs`, less a
 * random share of up to `jitter` of it, so that clients which failed together do not come back together. In ms,
 * rounded to a whole ms.
 *
 * @throws TypeError when `jitter` is outside 0..1 or `retry` is not a whole number of at least 1.
 * @example
 * backoffDelayMs({ baseDelayMs: 500, maxDelayMs: 30_000, jitter: 0.2 }, 3); // 1600..2000
 */
export function backoffDelayMs(backoff: Backoff, retry: number, random: () => number = Math.random): number {
  const { baseDelayMs, maxDelayMs, jitter } = backoff;
  if (!(jitter >= 0 && jitter <= 1)) {
    throw new TypeError(`backoff jitter must be between 0 and 1, got ${String(jitter)}`);
  }
  if (!Number.isInteger(retry) || retry < 1) {
    throw new TypeError(`backoff retry number must be a whole number from 1, got ${String(retry)}`);
  }
  const exponential = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  return Math.round(exponential * (1 - jitter * random()));
}
