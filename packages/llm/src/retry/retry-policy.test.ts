import { RetryPolicySchema } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, resolveRetryPolicy } from './retry-policy.js';

describe('resolveRetryPolicy', () => {
  it('applies the schema defaults', () => {
    expect(resolveRetryPolicy()).toEqual(RetryPolicySchema.parse({}));
  });

  it('lets a provider override replace only the fields it sets', () => {
    const policy = resolveRetryPolicy(
      { maxRetries: 5, baseDelayMs: 50 },
      { baseDelayMs: 10, jitter: undefined },
    );
    expect(policy.maxRetries).toBe(5);
    expect(policy.baseDelayMs).toBe(10);
    expect(policy.jitter).toBe(0.2);
  });

  it('rejects out-of-range values', () => {
    expect(() => resolveRetryPolicy({ maxRetries: -1 })).toThrow(
      expect.objectContaining({
        name: 'ZodError',
        issues: [expect.objectContaining({ path: ['maxRetries'] })],
      }),
    );
  });
});

describe('backoffDelayMs', () => {
  const policy = RetryPolicySchema.parse({ baseDelayMs: 100, maxDelayMs: 1000, jitter: 0.5 });

  it('doubles per retry up to maxDelayMs', () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(policy, retry, () => 0))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
  });

  it('takes at most the jitter share off', () => {
    expect(backoffDelayMs(policy, 2, () => 0.999)).toBe(100);
    expect(backoffDelayMs(policy, 2, () => 0.5)).toBe(150);
  });
});
