import { isRetryableError, type ProviderError, type RetryPolicy } from '@clawft/types';
import { backoffDelayMs } from '@clawft/types/internal';
import { copyProviderError } from './provider-error-copy.js';
import type { RetryBudgetBucket } from './retry-budget.js';

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; error: ProviderError };

export interface RetryState {
  policy: RetryPolicy;
  budget: RetryBudgetBucket | undefined;
  /** 1-based number of the attempt that just failed. */
  attempt: number;
  /** Retries allowed for this call: fewer while failover has another target. @default policy.maxRetries */
  maxRetries?: number;
  /** ms left of the whole call's deadline; Infinity without one. */
  remainingMs: number;
  random: () => number;
}

/**
 * Whether to try again and after how long. Reads only the error's kind and status (via `isRetryableError`) and
 * its `retryAfterMs`. A wait the policy will not make (beyond `maxRetryAfterMs` or the remaining deadline)
 * returns the error marked `retryWaitTooLong`, so failover moves on at once.
 */
export function decideRetry(error: ProviderError, state: RetryState): RetryDecision {
  const { policy } = state;
  if (
    !error.retryable ||
    !isRetryableError(error, policy) ||
    state.attempt > (state.maxRetries ?? policy.maxRetries)
  ) {
    return { retry: false, error };
  }
  let delayMs = backoffDelayMs(policy, state.attempt, state.random);
  if (policy.respectRetryAfter && error.retryAfterMs !== undefined) {
    if (error.retryAfterMs > policy.maxRetryAfterMs) {
      return { retry: false, error: copyProviderError(error, { retryWaitTooLong: true }) };
    }
    delayMs = Math.max(delayMs, error.retryAfterMs);
  }
  if (delayMs >= state.remainingMs) {
    return { retry: false, error: copyProviderError(error, { retryWaitTooLong: true }) };
  }
  if (state.budget !== undefined && !state.budget.tryAcquire()) return { retry: false, error };
  return { retry: true, delayMs };
}
