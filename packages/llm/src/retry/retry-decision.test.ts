import { ProviderError, type ProviderErrorKind, RetryPolicySchema } from '@clawft/types';
import { describe, expect, it } from 'vitest';
import { RetryBudgetBucket } from './retry-budget.js';
import { decideRetry, type RetryState } from './retry-decision.js';

function failure(
  kind: ProviderErrorKind,
  extra: { status?: number; retryAfterMs?: number } = {},
): ProviderError {
  return new ProviderError({
    kind,
    provider: 'p',
    model: 'm',
    phase: 'before-first-token',
    message: kind,
    ...extra,
  });
}

const state = (overrides: Partial<RetryState> = {}): RetryState => ({
  policy: RetryPolicySchema.parse({ baseDelayMs: 100, jitter: 0 }),
  budget: undefined,
  attempt: 1,
  remainingMs: Number.POSITIVE_INFINITY,
  random: () => 0,
  ...overrides,
});

describe('decideRetry', () => {
  it('retries a 5xx nobody listed by number (507, 529) through the "5xx" class', () => {
    expect(decideRetry(failure('server-error', { status: 507 }), state())).toEqual({
      retry: true,
      delayMs: 100,
    });
    expect(decideRetry(failure('overloaded', { status: 529 }), state()).retry).toBe(true);
  });

  it('never retries a 400 invalid request, whatever the status list says', () => {
    const policy = RetryPolicySchema.parse({ retryableStatusCodes: [400, '5xx'] });
    expect(decideRetry(failure('invalid-request', { status: 400 }), state({ policy })).retry).toBe(false);
  });

  it.each<ProviderErrorKind>([
    'context-length-exceeded',
    'content-filtered',
    'auth-failed',
    'invalid-request',
    'aborted',
  ])('never retries %s', (kind) => {
    expect(decideRetry(failure(kind), state()).retry).toBe(false);
  });

  it('retries only the statuses the policy lists', () => {
    const policy = RetryPolicySchema.parse({ retryableStatusCodes: [503] });
    expect(decideRetry(failure('server-error', { status: 500 }), state({ policy })).retry).toBe(false);
    expect(decideRetry(failure('overloaded', { status: 503 }), state({ policy })).retry).toBe(true);
  });

  it('stops after maxRetries', () => {
    const policy = RetryPolicySchema.parse({ maxRetries: 2 });
    expect(decideRetry(failure('network'), state({ policy, attempt: 2 })).retry).toBe(true);
    expect(decideRetry(failure('network'), state({ policy, attempt: 3 })).retry).toBe(false);
  });

  it('uses Retry-After as a floor on the backoff', () => {
    expect(decideRetry(failure('rate-limited', { status: 429, retryAfterMs: 1000 }), state())).toEqual({
      retry: true,
      delayMs: 1000,
    });
    const ignoring = RetryPolicySchema.parse({ baseDelayMs: 100, jitter: 0, respectRetryAfter: false });
    expect(
      decideRetry(failure('rate-limited', { status: 429, retryAfterMs: 1000 }), state({ policy: ignoring })),
    ).toEqual({
      retry: true,
      delayMs: 100,
    });
  });

  it('returns the error marked retryWaitTooLong when the server asks for more than maxRetryAfterMs', () => {
    const policy = RetryPolicySchema.parse({ maxRetryAfterMs: 5000 });
    const decision = decideRetry(
      failure('rate-limited', { status: 429, retryAfterMs: 60_000 }),
      state({ policy }),
    );
    expect(decision.retry).toBe(false);
    if (!decision.retry) expect(decision.error.retryWaitTooLong).toBe(true);
  });

  it('returns the error marked retryWaitTooLong when the wait outlasts the remaining deadline', () => {
    const decision = decideRetry(
      failure('overloaded', { status: 503, retryAfterMs: 2000 }),
      state({ remainingMs: 1500 }),
    );
    expect(decision.retry).toBe(false);
    if (!decision.retry) expect(decision.error.retryWaitTooLong).toBe(true);
  });

  it('stops retrying once the budget is spent', () => {
    const budget = new RetryBudgetBucket({ maxTokens: 4, tokenRatio: 1 });
    expect(decideRetry(failure('network'), state({ budget })).retry).toBe(true);
    expect(decideRetry(failure('network'), state({ budget })).retry).toBe(true);
    expect(decideRetry(failure('network'), state({ budget })).retry).toBe(false);
  });

  it('does not retry a network error marked not retryable (TLS certificate)', () => {
    const tls = new ProviderError({
      kind: 'network',
      retryable: false,
      provider: 'p',
      model: 'm',
      phase: 'before-headers',
      message: 'tls',
    });
    expect(decideRetry(tls, state()).retry).toBe(false);
  });
});
