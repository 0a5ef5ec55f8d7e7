import { type RetryPolicy, type RetryPolicyOverride, RetryPolicySchema } from '@clawft/types';
import type { z } from 'zod';

/** A retry policy as written in config.json: every field optional, defaults from `RetryPolicySchema`. */
export type RetryPolicyInput = z.input<typeof RetryPolicySchema>;

/**
 * The policy for one provider: config.json `retry`, then the provider's `providers.<name>.retry` override
 * (fields it leaves out keep the global value), validated by `RetryPolicySchema`.
 *
 * @throws ZodError when a field is out of range.
 * @example
 * resolveRetryPolicy(config.retry, config.providers.groq?.retry);
 */
export function resolveRetryPolicy(
  global: RetryPolicyInput | undefined = {},
  override: RetryPolicyOverride | undefined = {},
): RetryPolicy {
  const merged: Record<string, unknown> = { ...global };
  for (const [key, value] of Object.entries(override)) if (value !== undefined) merged[key] = value;
  return RetryPolicySchema.parse(merged);
}

/**
 * The backoff before retry number `retry` (1-based): `baseDelayMs · 2^(retry-1)` capped at `maxDelayMs`, less a
 * random share of up to `jitter` (so concurrent clients spread out), in ms.
 */
export function backoffDelayMs(
  policy: RetryPolicy,
  retry: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(exponential * (1 - policy.jitter * random()));
}
