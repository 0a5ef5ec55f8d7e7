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
