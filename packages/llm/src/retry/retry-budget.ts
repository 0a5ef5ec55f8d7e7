import { type RetryBudget, RetryBudgetSchema } from '@clawft/types';
import type { z } from 'zod';

/**
 * A token bucket that keeps retries to a fraction of calls: each retry spends one token, each successful call
 * returns `tokenRatio`, and retries are refused while fewer than half of `maxTokens` remain. During an outage the
 * retries stop after about `maxTokens / 2`, so failures reach failover instead of piling up.
 *
 * @example
 * const budget = new RetryBudgetBucket({ maxTokens: 10, tokenRatio: 0.5 });
 */
export class RetryBudgetBucket {
  private config: RetryBudget;
  private tokenCount: number;

  constructor(config: z.input<typeof RetryBudgetSchema> = {}) {
    this.config = RetryBudgetSchema.parse(config);
    this.tokenCount = this.config.maxTokens;
  }

  /** Tokens left. */
  get tokens(): number {
    return this.tokenCount;
  }

  /** Spends one token for a retry; false (spending nothing) when the budget is exhausted. Always true if disabled. */
  tryAcquire(): boolean {
    if (!this.config.enabled) return true;
    if (this.tokenCount - 1 < this.config.maxTokens / 2) return false;
    this.tokenCount -= 1;
    return true;
  }

  /** A call succeeded: return `tokenRatio` tokens (up to `maxTokens`). */
  recordSuccess(): void {
    this.tokenCount = Math.min(this.config.maxTokens, this.tokenCount + this.config.tokenRatio);
  }

  /** Applies new settings, keeping the tokens spent so far. */
  reconfigure(config: z.input<typeof RetryBudgetSchema>): void {
    this.config = RetryBudgetSchema.parse(config);
    this.tokenCount = Math.min(this.tokenCount, this.config.maxTokens);
  }
}

let processBudget: RetryBudgetBucket | undefined;

/**
 * The process-wide retry budget every `withRetry` shares unless given its own. Its settings change only here, when
 * `config` is given: call it once at startup with config.json `retry.budget` (the reference app's transport does).
 * `withRetry` never reconfigures it, so wrapping a provider with some policy cannot reset what the app configured.
 *
 * @example
 * processRetryBudget(config.retry.budget);
 */
export function processRetryBudget(config?: z.input<typeof RetryBudgetSchema>): RetryBudgetBucket {
  if (processBudget === undefined) processBudget = new RetryBudgetBucket(config);
  else if (config !== undefined) processBudget.reconfigure(config);
  return processBudget;
}
