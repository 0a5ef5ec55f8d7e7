import { type RateLimiting, RateLimitingSchema, RoutingError } from '@clawft/types';
import type { z } from 'zod';
import { LruMap } from '../shared/lru-map.js';
import { SlidingWindow } from './sliding-window.js';

export interface RateLimiterOptions {
  /** config.json `routing.rateLimiting` (only `enabled: false` turns the limiter off). */
  limits?: z.input<typeof RateLimitingSchema>;
  /** Monotonic clock, milliseconds. @default performance.now */
  clock?: () => number;
}

export type RateDecision = { ok: true } | { ok: false; scope: 'sender' | 'global'; retryAfterMs: number };

/**
 * Sliding-window rate limits per sender and in all. A rejected request consumes neither window, and at most
 * `maxSenders` senders are tracked (the least recently seen is forgotten first).
 *
 * @example
 * const limiter = new RateLimiter({ limits: { enabled: true, perSenderLimit: 5, windowMs: 1000 } });
 * if (!limiter.tryAcquire('alice').ok) console.log('slow down');
 */
export class RateLimiter {
  readonly limits: RateLimiting;
  readonly #clock: () => number;
  readonly #global: SlidingWindow;
  readonly #senders: LruMap<string, SlidingWindow>;

  constructor(options: RateLimiterOptions = {}) {
    this.limits = RateLimitingSchema.parse(options.limits ?? {});
    this.#clock = options.clock ?? (() => performance.now());
    this.#global = new SlidingWindow(this.limits.globalLimit, this.limits.windowMs);
    this.#senders = new LruMap(this.limits.maxSenders);
  }

  /** What `tryAcquire` would answer now, without counting the request. */
  check(senderId: string): RateDecision {
    return this.limits.enabled ? this.#decide(senderId, this.#clock()) : { ok: true };
  }

  /** Admits (and counts) a request from `senderId`, or says which window is full and for how long. */
  tryAcquire(senderId: string): RateDecision {
    if (!this.limits.enabled) return { ok: true };
    const nowMs = this.#clock();
    const decision = this.#decide(senderId, nowMs);
    if (!decision.ok) return decision;
    this.#global.add(nowMs);
    const sender = this.#senders.get(senderId);
    if (sender === undefined) {
      const window = new SlidingWindow(this.limits.perSenderLimit, this.limits.windowMs);
      window.add(nowMs);
      this.#senders.set(senderId, window);
    } else sender.add(nowMs);
    return decision;
  }

  /**
   * Like `tryAcquire`, but throws.
   * @throws RoutingError `rate-limited`, with `scope` and `retryAfterMs`.
   */
  acquire(senderId: string): void {
    const decision = this.tryAcquire(senderId);
    if (!decision.ok) throw rateLimitedError(senderId, decision);
  }

  #decide(senderId: string, nowMs: number): RateDecision {
    const senderWait = this.#senders.get(senderId)?.waitMs(nowMs) ?? 0;
    if (senderWait > 0) return { ok: false, scope: 'sender', retryAfterMs: senderWait };
    const globalWait = this.#global.waitMs(nowMs);
    if (globalWait > 0) return { ok: false, scope: 'global', retryAfterMs: globalWait };
    return { ok: true };
  }

  /** Senders currently tracked. */
  get trackedSenders(): number {
    return this.#senders.size;
  }
}

/** The `rate-limited` error for a refused request. */
export function rateLimitedError(
  senderId: string,
  decision: Extract<RateDecision, { ok: false }>,
): RoutingError {
  return new RoutingError({
    kind: 'rate-limited',
    message: `The ${decision.scope} rate limit is full; retry in ${Math.ceil(decision.retryAfterMs)} ms or raise routing.rateLimiting.`,
    senderId,
    scope: decision.scope,
    retryAfterMs: decision.retryAfterMs,
  });
}
