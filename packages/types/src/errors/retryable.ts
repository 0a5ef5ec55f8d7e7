import { z } from 'zod';
import { ClawftError } from './clawft-error.js';
import { ProviderError, RETRYABLE_PROVIDER_KINDS } from './provider-error.js';

/** An HTTP status code (`503`) or a class of them (`"5xx"`). */
export const StatusCodeMatcherSchema = z.union([
  z.number().int().min(100).max(599),
  z.string().regex(/^[1-5]xx$/, 'expected a status class such as "5xx"'),
]);
export type StatusCodeMatcher = z.infer<typeof StatusCodeMatcherSchema>;

/** True when `status` is listed, or its class (`"5xx"`) is. */
export function matchesStatusCode(status: number, matchers: readonly StatusCodeMatcher[]): boolean {
  const statusClass = `${Math.floor(status / 100)}xx`;
  return matchers.some((matcher) => matcher === status || matcher === statusClass);
}

/**
 * The retry decision, from data only: the error's kind, then its HTTP status (when it has one) against the
 * policy's list. Kinds that can never succeed on a resend (`invalid-request`, `auth-failed`,
 * `context-length-exceeded`, `content-filtered`, …) are never retried, whatever their status.
 */
export function isRetryableError(
  error: unknown,
  options: { retryableStatusCodes: readonly StatusCodeMatcher[] },
): boolean {
  if (ProviderError.is(error)) {
    if (!RETRYABLE_PROVIDER_KINDS.has(error.kind) || error.retryWaitTooLong) return false;
    return error.status === undefined || matchesStatusCode(error.status, options.retryableStatusCodes);
  }
  return ClawftError.is(error) && error.retryable;
}
