import { CircuitBreakerSchema } from '@clawft/types';
import { MAX_RETRY_AFTER_MS } from '../errors/retry-after.js';

/** `closed`: calls pass. `open`: calls are skipped. `half-open`: the cooldown is over and one probe is in flight. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** What `acquire` answers: go (and whether this call is the single probe), or skip for `retryInMs` more. */
export type CircuitPermit = { allowed: true; probe: boolean } | { allowed: false; retryInMs: number };

/** How a call that held a permit ended. `neutral`: says nothing about the target's health (abort, bad request). */
export type CircuitOutcome = 'success' | 'failure' | 'neutral';

export interface CircuitOptions {
  /** When false, every call passes and nothing is counted. @default true */
  enabled?: boolean;
  /** Consecutive failures that open the circuit. @default 5 */
  failureThreshold?: number;
  /** How long an open circuit first skips its target before letting one probe through, in ms. @default 2000 */
  cooldownMs?: number;
  /** Each failed probe multiplies the cooldown by this. @default 2 */
  cooldownMultiplier?: number;
  /** The cap on the grown cooldown, in ms (a longer Retry-After still wins). @default 60000 */
  maxCooldownMs?: number;
  /** Monotonic clock in ms, injectable for tests. @default performance.now */
  now?: () => number;
}

/**
 * A per-target circuit breaker. After `failureThreshold` consecutive failures the circuit opens and `acquire`
 * refuses at once (no request, no retry, no wait). After the cooldown — or the server's Retry-After if longer —
 * exactly one call gets a probe permit (half-open; the caller makes it one attempt without retries); its success
 * closes the circuit and resets the cooldown to `cooldownMs`, its failure opens it again for a cooldown grown by
 * `cooldownMultiplier` (up to `maxCooldownMs`), a neutral end (abort) hands the probe to the next caller. Traffic
 * so returns within one short cooldown of a recovery, and an outage costs one probe per cooldown.
 *
 * @example
 * const circuit = new Circuit({ failureThreshold: 3, cooldownMs: 2_000, maxCooldownMs: 60_000 });
 * const permit = circuit.acquire();
 * if (permit.allowed) circuit.record(permit, (await tryCall()) ? 'success' : 'failure');
 */
export class Circuit {
  readonly #enabled: boolean;
  readonly #failureThreshold: number;
  readonly #cooldownMs: number;
  readonly #multiplier: number;
  readonly #maxCooldownMs: number;
  readonly #now: () => number;
  /** The cooldown of the next opening. */
  #nextCooldownMs: number;
  #state: CircuitState = 'closed';
  #failures = 0;
  #openUntil = 0;

  constructor(options: CircuitOptions = {}) {
    const { now, ...settings } = options;
    const parsed = CircuitBreakerSchema.parse(settings);
    this.#enabled = parsed.enabled;
    this.#failureThreshold = parsed.failureThreshold;
    this.#cooldownMs = parsed.cooldownMs;
    this.#multiplier = parsed.cooldownMultiplier;
    this.#maxCooldownMs = Math.max(parsed.cooldownMs, parsed.maxCooldownMs);
    this.#nextCooldownMs = parsed.cooldownMs;
    this.#now = now ?? (() => performance.now());
  }

  /** The cooldown the circuit would open with next, in ms (grows while probes fail). */
  get cooldownMs(): number {
    return this.#nextCooldownMs;
  }

  /** The state as of now (an open circuit whose cooldown has passed reads `open` until a call takes the probe). */
  get state(): CircuitState {
    return this.#state;
  }

  /**
   * Whether a call would be let through now, without taking the probe (`acquire` does): closed, or open with its
   * cooldown over. For callers that only choose (a router), and record the outcome with a probe permit later.
   */
  get available(): boolean {
    if (!this.#enabled || this.#state === 'closed') return true;
    return this.#state === 'open' && this.#openUntil - this.#now() <= 0;
  }

  /** Consecutive failures counted while closed. */
  get failures(): number {
    return this.#failures;
  }

  /** Asks to make a call. Never waits. */
  acquire(): CircuitPermit {
    if (!this.#enabled || this.#state === 'closed') return { allowed: true, probe: false };
    if (this.#state === 'half-open') return { allowed: false, retryInMs: 0 };
    const retryInMs = this.#openUntil - this.#now();
    if (retryInMs > 0) return { allowed: false, retryInMs };
    this.#state = 'half-open';
    return { allowed: true, probe: true };
  }

  /**
   * Records how a permitted call ended. `retryAfterMs` (from the failure) lengthens the cooldown when longer (up to
   * a day, `MAX_RETRY_AFTER_MS`).
   */
  record(permit: CircuitPermit, outcome: CircuitOutcome, retryAfterMs = 0): void {
    if (!this.#enabled || !permit.allowed) return;
    if (permit.probe) this.#recordProbe(outcome, retryAfterMs);
    else if (outcome === 'success' && this.#state === 'closed') this.#failures = 0;
    else if (outcome === 'failure') {
      this.#failures += 1;
      if (this.#state === 'closed' && this.#failures >= this.#failureThreshold) this.#open(retryAfterMs);
    }
  }

  #recordProbe(outcome: CircuitOutcome, retryAfterMs: number): void {
    if (outcome === 'success') {
      this.#state = 'closed';
      this.#failures = 0;
      this.#nextCooldownMs = this.#cooldownMs;
    } else if (outcome === 'failure') {
      this.#nextCooldownMs = Math.min(this.#maxCooldownMs, this.#nextCooldownMs * this.#multiplier);
      this.#open(retryAfterMs);
    } else {
      // The probe said nothing (aborted): let the next call probe instead.
      this.#state = 'open';
      this.#openUntil = this.#now();
    }
  }

  #open(retryAfterMs: number): void {
    this.#state = 'open';
    // A Retry-After floor, but never beyond a day (nor NaN/Infinity): a bogus header must not retire a target for good.
    const floorMs = Math.min(MAX_RETRY_AFTER_MS, retryAfterMs || 0);
    this.#openUntil = this.#now() + Math.max(this.#nextCooldownMs, floorMs);
  }
}
