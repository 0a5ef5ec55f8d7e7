import { RetryPolicySchema } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { resolveRetryPolicy } from './retry-policy.js';

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
