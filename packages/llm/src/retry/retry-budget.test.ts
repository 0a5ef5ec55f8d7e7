import { describe, expect, it } from 'vitest';
import { processRetryBudget, RetryBudgetBucket } from './retry-budget.js';

describe('RetryBudgetBucket', () => {
  it('allows retries until half the bucket is spent', () => {
    const budget = new RetryBudgetBucket({ maxTokens: 10, tokenRatio: 0.5 });
    const granted = Array.from({ length: 8 }, () => budget.tryAcquire()).filter(Boolean).length;
    expect(granted).toBe(5);
    expect(budget.tokens).toBe(5);
  });

  it('refills tokenRatio per success, capped at maxTokens', () => {
    const budget = new RetryBudgetBucket({ maxTokens: 4, tokenRatio: 0.5 });
    budget.tryAcquire();
    budget.tryAcquire();
    expect(budget.tryAcquire()).toBe(false);
    budget.recordSuccess();
    budget.recordSuccess();
    expect(budget.tryAcquire()).toBe(true);
    for (let index = 0; index < 10; index += 1) budget.recordSuccess();
    expect(budget.tokens).toBe(4);
  });

  it('never refuses when disabled', () => {
    const budget = new RetryBudgetBucket({ enabled: false, maxTokens: 1 });
    expect(Array.from({ length: 5 }, () => budget.tryAcquire())).toEqual([true, true, true, true, true]);
  });

  it('is one bucket per process', () => {
    expect(processRetryBudget()).toBe(processRetryBudget({ maxTokens: 100 }));
  });
});
