import { ProviderError, type ProviderErrorKind, redactText } from '@clawft/types';
import { type ErrorFields, parseErrorBody } from './error-body.js';
import type { ErrorContext } from './error-context.js';
import { isAnthropicPromptTooLong } from './prompt-too-long.js';
import { type ResponseHeaders, requestIdOf } from './response-headers.js';
import { parseRetryAfter } from './retry-after.js';

/** Structured `error.code` / `error.type` values that decide the kind whatever the status. */
const KIND_BY_CODE: Readonly<Record<string, ProviderErrorKind>> = {
  insufficient_quota: 'quota-exceeded',
  billing_hard_limit_reached: 'quota-exceeded',
  billing_not_active: 'quota-exceeded',
  billing_error: 'quota-exceeded',
  context_length_exceeded: 'context-length-exceeded',
  model_context_window_exceeded: 'context-length-exceeded',
  content_filter: 'content-filtered',
  content_policy_violation: 'content-filtered',
  model_not_found: 'model-not-found',
  not_found_error: 'model-not-found',
  invalid_api_key: 'auth-failed',
  authentication_error: 'auth-failed',
  permission_error: 'auth-failed',
  PERMISSION_DENIED: 'auth-failed',
  UNAUTHENTICATED: 'auth-failed',
  rate_limit_exceeded: 'rate-limited',
  rate_limit_error: 'rate-limited',
  RESOURCE_EXHAUSTED: 'rate-limited',
  overloaded_error: 'overloaded',
  UNAVAILABLE: 'overloaded',
  // Generic types (`api_error`, `server_error`, `invalid_request_error`) are left to the status, which says more.
};

/** The kind for a status when the body names nothing decisive. */
export function kindForStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth-failed';
  if (status === 402) return 'quota-exceeded';
  if (status === 404) return 'model-not-found';
  if (status === 408) return 'timeout';
  if (status === 409 || status === 425) return 'server-error';
  if (status === 429) return 'rate-limited';
  if (status === 503 || status === 529) return 'overloaded';
  if (status >= 400 && status < 500) return 'invalid-request';
  return 'server-error';
}

/** The kind from the body's structured fields, else from the status. */
export function kindForError(status: number | undefined, fields: ErrorFields): ProviderErrorKind | undefined {
  const byCode = fields.code === undefined ? undefined : KIND_BY_CODE[fields.code];
  if (byCode !== undefined) return byCode;
  const byType = fields.type === undefined ? undefined : KIND_BY_CODE[fields.type];
  if (byType !== undefined) return byType;
  if (fields.type === 'invalid_request_error' && isAnthropicPromptTooLong(fields.message)) {
    return 'context-length-exceeded';
  }
  return status === undefined ? undefined : kindForStatus(status);
}

export interface HttpErrorInput {
  status: number;
  headers: ResponseHeaders;
  /** The response body (text, or parsed JSON). */
  body: unknown;
}

/**
 * Maps an HTTP error response to a `ProviderError`: kind from the body's `error.code`/`error.type` first, then
 * the status; `retryAfterMs` from `retry-after-ms`/`retry-after`; `requestId` from the headers.
 */
export function mapHttpError(input: HttpErrorInput, context: ErrorContext): ProviderError {
  const fields = parseErrorBody(input.body);
  const kind = kindForError(input.status, fields) ?? kindForStatus(input.status);
  const retryAfterMs = parseRetryAfter(input.headers);
  const requestId = requestIdOf(input.headers);
  const detail = fields.message ?? (typeof input.body === 'string' ? input.body.slice(0, 300) : '');
  const code = fields.code ?? fields.type;
  return new ProviderError({
    kind,
    message: redactText(
      `${context.provider} (${context.model}) answered HTTP ${input.status}${code ? ` ${code}` : ''}: ${detail}`,
      [context.apiKey, ...(context.secrets ?? [])],
    ),
    provider: context.provider,
    model: context.model,
    phase: context.phase,
    status: input.status,
    ...(retryAfterMs !== undefined && { retryAfterMs }),
    // A 408 is the server saying it timed out, not one of our timers: no `timeout` field (which names the client's).
    ...(requestId !== undefined && { requestId }),
  });
}

/** Maps an error object sent inside a 200 stream (`event: error`, `{"error": …}` chunks). */
export function mapInBandError(payload: unknown, context: ErrorContext): ProviderError {
  const fields = parseErrorBody(payload);
  const status = Number(fields.code);
  const httpStatus = Number.isInteger(status) && status >= 400 && status < 600 ? status : undefined;
  const kind = kindForError(httpStatus, fields) ?? 'server-error';
  return new ProviderError({
    kind,
    message: redactText(
      `${context.provider} (${context.model}) sent an error event ${fields.code ?? fields.type ?? ''}: ${fields.message ?? ''}`,
      [context.apiKey, ...(context.secrets ?? [])],
    ),
    provider: context.provider,
    model: context.model,
    phase: context.phase,
    ...(httpStatus !== undefined && { status: httpStatus }),
  });
}
