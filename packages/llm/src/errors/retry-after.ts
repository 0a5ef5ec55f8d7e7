import { rateLimitResetMs } from './rate-limit-reset.js';
import { headerValue, type ResponseHeaders } from './response-headers.js';

/**
 * The longest wait a Retry-After header can ask for, in ms (one day). A larger (or unparseably large) value is
 * read as this: it still exceeds any sensible `maxRetryAfterMs`, and a circuit that honours it probes again the
 * next day instead of never.
 */
export const MAX_RETRY_AFTER_MS = 86_400_000;

/** `retry-after` as delay-seconds: digits, optionally with a fraction (RFC 9110 allows only digits; some send `1.5`). */
const DELAY_SECONDS = /^\d+(\.\d+)?$/;
/** Anything number-like that is not delay-seconds (`-1`, `+5`, `1e3`): invalid, never a date. */
const NUMBER_LIKE = /^[-+.\d][\d.eE+-]*$/;

/**
 * How long the server asked us to wait, in ms: `retry-after-ms` (OpenAI, fractional ms) first, then
 * `retry-after` as seconds or an HTTP-date (a date in the past is 0), then the rate-limit reset headers
 * (`x-ratelimit-reset-requests`/`-tokens`, `anthropic-ratelimit-*-reset`; see `rateLimitResetMs`). Undefined when
 * absent or invalid (negative or number-like values included); never negative; at most `MAX_RETRY_AFTER_MS`.
 *
 * @example
 * parseRetryAfter({ 'retry-after': '2' }); // 2000
 */
export function parseRetryAfter(headers: ResponseHeaders, nowMs: number = Date.now()): number | undefined {
  const milliseconds = headerValue(headers, 'retry-after-ms')?.trim();
  if (milliseconds !== undefined && milliseconds !== '') {
    const value = Number(milliseconds);
    if (value >= 0 && !Number.isNaN(value)) return capped(value);
  }
  const retryAfter = retryAfterHeaderMs(headerValue(headers, 'retry-after')?.trim(), nowMs);
  if (retryAfter !== undefined) return retryAfter;
  const reset = rateLimitResetMs(headers, nowMs);
  return reset === undefined ? undefined : capped(reset);
}

/** `retry-after` as delay-seconds or an HTTP-date, in ms. */
function retryAfterHeaderMs(retryAfter: string | undefined, nowMs: number): number | undefined {
  if (retryAfter === undefined || retryAfter === '') return undefined;
  if (DELAY_SECONDS.test(retryAfter)) return capped(Number(retryAfter) * 1000);
  if (NUMBER_LIKE.test(retryAfter)) return undefined;
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return capped(Math.max(0, date - nowMs));
}

function capped(ms: number): number {
  return Math.min(MAX_RETRY_AFTER_MS, Math.ceil(ms));
}
