import type { ResponseOutcome } from '@clawft/types';

/** Attempt errors that say nothing about the model's health: the caller, the request or an open circuit. */
const NEUTRAL_KINDS: ReadonlySet<string> = new Set([
  'aborted',
  'invalid-request',
  'context-length-exceeded',
  'content-filtered',
  'circuit-open',
]);

/** Options of `ModelHealth`. */
export interface ModelHealthOptions {
  /** Consecutive failed requests after which a model is avoided. @default 3 */
  failureThreshold?: number;
  /** How long an avoided model is skipped before it is tried again, milliseconds. @default 30000 */
  cooldownMs?: number;
  /** Monotonic clock, milliseconds. @default performance.now */
  clock?: () => number;
}

/**
 * What the router has learned from outcomes: a model whose requests keep failing is skipped (like a circuit
 * breaker, per model) until its cooldown ends; one success makes it healthy again. Failures that are not the
 * model's fault (abort, a bad request, an open circuit) are not counted.
 */
export class ModelHealth {
  readonly #failures = new Map<string, { count: number; untilMs: number }>();
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #clock: () => number;

  constructor(options: ModelHealthOptions = {}) {
    this.#threshold = options.failureThreshold ?? 3;
    this.#cooldownMs = options.cooldownMs ?? 30_000;
    this.#clock = options.clock ?? (() => performance.now());
  }

  /** Learns from every model a request's attempts used: healthy if any of its attempts succeeded. */
  observe(outcome: ResponseOutcome): void {
    const results = new Map<string, boolean>();
    for (const attempt of outcome.timings.attempts) {
      if (attempt.errorKind !== undefined && NEUTRAL_KINDS.has(attempt.errorKind)) continue;
      results.set(attempt.model, (results.get(attempt.model) ?? false) || attempt.success);
    }
    for (const [model, success] of results) this.record(model, success);
  }

  record(model: string, success: boolean): void {
    if (success) {
      this.#failures.delete(model);
      return;
    }
    const count = (this.#failures.get(model)?.count ?? 0) + 1;
    this.#failures.set(model, { count, untilMs: this.#clock() + this.#cooldownMs });
  }

  isHealthy(model: string): boolean {
    const failures = this.#failures.get(model);
    return failures === undefined || failures.count < this.#threshold || this.#clock() >= failures.untilMs;
  }
}
