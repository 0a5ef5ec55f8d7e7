import { type ErrorInfo, ProviderError, type RetryPolicy } from '@clawft/types';
import { abortableSleep } from './abortable-sleep.js';
import type { FailoverHint } from './failover-hint.js';
import { copyProviderError } from './provider-error-copy.js';
import type { RetryBudgetBucket } from './retry-budget.js';
import { decideRetry } from './retry-decision.js';

/** What `onRetry` is told before each wait. */
export interface RetryEvent {
  /** The attempt that failed (1-based); the next one is `attempt + 1`. */
  attempt: number;
  /** ms until the next attempt. */
  delayMs: number;
  error: ErrorInfo;
  provider: string;
  model: string;
}

/** A `withRetry` wrapper's settings, resolved once. */
export interface RetrySettings {
  policy: RetryPolicy;
  budget: RetryBudgetBucket | undefined;
  random: () => number;
  deadlineMs: number | undefined;
  onRetry: ((event: RetryEvent) => void) | undefined;
}

/** The retry bookkeeping of one call: the failures so far, the deadline, the budget. */
export class RetryRun {
  private readonly started = performance.now();
  private readonly failures: ProviderError[] = [];

  constructor(
    private readonly settings: RetrySettings,
    private readonly signal: AbortSignal | undefined,
    private readonly failover: FailoverHint | undefined = undefined,
  ) {}

  /**
   * Retries this call may make after `error`: none for a circuit's probe; while failover can move on to another
   * target, `timeoutRetriesBeforeFailover` for a client timer and `retriesBeforeFailover` for anything else;
   * otherwise `maxRetries`.
   */
  #maxRetries(error: ProviderError): number {
    const { policy } = this.settings;
    if (this.failover === undefined) return policy.maxRetries;
    if (this.failover.probe) return 0;
    if (!this.failover.canMoveOn(error)) return policy.maxRetries;
    const limit =
      error.timeout === undefined ? policy.retriesBeforeFailover : policy.timeoutRetriesBeforeFailover;
    return Math.min(limit, policy.maxRetries);
  }

  /**
   * After attempt `attempt` failed: the retry to make (already told to `onRetry`).
   * @throws ProviderError the final error, listing every failed attempt, when there is to be no retry.
   */
  failed(error: unknown, attempt: number): RetryEvent {
    const failure = this.#record(error);
    const { policy, budget, random, deadlineMs } = this.settings;
    const remainingMs =
      deadlineMs === undefined ? Number.POSITIVE_INFINITY : deadlineMs - (performance.now() - this.started);
    const decision = this.signal?.aborted
      ? { retry: false as const, error: failure }
      : decideRetry(failure, {
          policy,
          budget,
          attempt,
          maxRetries: this.#maxRetries(failure),
          remainingMs,
          random,
        });
    if (!decision.retry) throw copyProviderError(decision.error, { attempts: this.attempts() });
    const planned = {
      attempt,
      delayMs: decision.delayMs,
      error: failure.toInfo(),
      provider: failure.provider,
      model: failure.model,
    };
    this.settings.onRetry?.(planned);
    return planned;
  }

  /** A failure that is not retried whatever it is (a stream that already showed output): the final error. */
  finalFailure(error: unknown): ProviderError {
    const failure = this.#record(error);
    return copyProviderError(failure, { attempts: this.attempts() });
  }

  /**
   * Waits before the next attempt.
   * @throws ProviderError `aborted` as soon as the signal aborts (no further attempt).
   */
  async wait(retry: RetryEvent): Promise<void> {
    if (await abortableSleep(retry.delayMs, this.signal)) return;
    throw new ProviderError({
      kind: 'aborted',
      provider: retry.provider,
      model: retry.model,
      phase: 'before-headers',
      message: `${retry.provider} (${retry.model}): aborted while waiting to retry`,
      attempts: this.attempts(),
    });
  }

  /** The call succeeded: refill the budget. */
  succeeded(): void {
    this.settings.budget?.recordSuccess();
  }

  /** Notes a failure. Anything but a `ProviderError` is a bug, never retried: it is rethrown as it is. */
  #record(error: unknown): ProviderError {
    if (!ProviderError.is(error)) throw error;
    this.failures.push(error);
    return error;
  }

  private attempts() {
    return this.failures.map((failure) => failure.toAttempt());
  }
}
