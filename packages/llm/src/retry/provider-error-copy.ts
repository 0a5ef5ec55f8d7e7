import { ProviderError, type ProviderErrorOptions } from '@clawft/types';

/** A copy of `error` with some fields changed (ProviderError is immutable). */
export function copyProviderError(
  error: ProviderError,
  changes: Partial<ProviderErrorOptions>,
): ProviderError {
  return new ProviderError({
    kind: error.kind,
    message: error.message,
    provider: error.provider,
    model: error.model,
    phase: error.phase,
    retryable: error.retryable,
    attempts: error.attempts,
    retryWaitTooLong: error.retryWaitTooLong,
    cause: error.cause,
    ...(error.status !== undefined && { status: error.status }),
    ...(error.retryAfterMs !== undefined && { retryAfterMs: error.retryAfterMs }),
    ...(error.requestId !== undefined && { requestId: error.requestId }),
    ...(error.timeout !== undefined && { timeout: error.timeout }),
    ...(error.partialText !== undefined && { partialText: error.partialText }),
    ...changes,
  });
}
