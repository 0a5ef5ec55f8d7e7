import { headerValue, type ResponseHeaders } from './response-headers.js';

/**
 * How long the server asked us to wait, in ms: `retry-after-ms` (OpenAI, fractional ms) first, then
 * `retry-after` as seconds or an HTTP-date. Undefined when absent or unreadable; never negative.
 *
 * @example
 * parseRetryAfter({ 'retry-after': '2' }); // 2000
 */
export function parseRetryAfter(headers: ResponseHeaders, nowMs: number = Date.now()): number | undefined {
  const milliseconds = headerValue(headers, 'retry-after-ms');
  if (milliseconds !== undefined) {
    const value = Number(milliseconds);
    if (milliseconds.trim() !== '' && Number.isFinite(value) && value >= 0) return Math.ceil(value);
  }
  const retryAfter = headerValue(headers, 'retry-after')?.trim();
  if (retryAfter === undefined || retryAfter === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(retryAfter)) return Math.ceil(Number(retryAfter) * 1000);
  const date = Date.parse(retryAfter);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
