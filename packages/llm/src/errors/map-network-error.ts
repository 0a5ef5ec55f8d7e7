import { ProviderError, redactText } from '@clawft/types';
import type { ErrorContext } from './error-context.js';

const TLS_CODE =
  /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH)/;

/** The most specific `code` along an error's `cause` chain: undici wraps socket errors (`UND_ERR_SOCKET` → `ECONNRESET`). */
export function errorCodeOf(error: unknown): string | undefined {
  let first: string | undefined;
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string') {
      if (!code.startsWith('UND_ERR_')) return code;
      first ??= code;
    }
    current = cause;
  }
  return first;
}

/**
 * Maps a failure to reach the server (before any response) to a `ProviderError`: `timeout` with `timeout:
 * "connect"` for a connect timeout, `network` otherwise (ECONNRESET, ECONNREFUSED, EPIPE, ENOTFOUND, EAI_AGAIN,
 * TLS failures, …). TLS certificate errors are marked not retryable: sending again cannot fix a certificate.
 */
export function mapNetworkError(error: unknown, context: ErrorContext): ProviderError {
  const code = errorCodeOf(error) ?? 'UNKNOWN';
  const base = { provider: context.provider, model: context.model, phase: context.phase, cause: error };
  const reason = redactText(error instanceof Error ? error.message : String(error), [
    context.apiKey,
    ...(context.secrets ?? []),
  ]);
  if (code === 'UND_ERR_CONNECT_TIMEOUT') {
    return new ProviderError({
      ...base,
      kind: 'timeout',
      timeout: 'connect',
      message: `${context.provider} (${context.model}): could not connect in time (${reason})`,
    });
  }
  const tls = TLS_CODE.test(code);
  return new ProviderError({
    ...base,
    kind: 'network',
    ...(tls && { retryable: false }),
    message: `${context.provider} (${context.model}): ${tls ? 'TLS failure' : 'network failure'} ${code} (${reason})`,
  });
}
