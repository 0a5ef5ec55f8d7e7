import { headerValue, type ResponseHeaders } from './response-headers.js';

/** OpenAI's reset durations: `250ms`, `2s`, `1.5s`, `1m30s`, `6m0s`, `1h2m3s`. */
const DURATION =
  /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+(?:\.\d+)?)ms)?$/;

/** The limits whose reset headers are read: OpenAI's (`x-ratelimit-reset-*`) and Anthropic's (`anthropic-ratelimit-*-reset`). */
const OPENAI_LIMITS = ['requests', 'tokens'] as const;
const ANTHROPIC_LIMITS = ['requests', 'tokens', 'input-tokens', 'output-tokens'] as const;

/**
 * An OpenAI rate-limit duration in ms (`1m30s` → 90000), or undefined when it is not one.
 *
 * @example
 * parseResetDuration('250ms'); // 250
 */
export function parseResetDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (match === null || text.trim() === '') return undefined;
  const [, hours, minutes, seconds, milliseconds] = match.map((part) => Number(part ?? 0));
  return (hours ?? 0) * 3_600_000 + (minutes ?? 0) * 60_000 + (seconds ?? 0) * 1000 + (milliseconds ?? 0);
}

/** An RFC 3339 reset time as ms from now (0 when it has passed), or undefined when it is not a date. */
function untilDate(text: string, nowMs: number): number | undefined {
  const date = Date.parse(text.trim());
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/** One limit's reset wait, and whether that limit is the exhausted one (`remaining` is 0). */
interface Reset {
  waitMs: number;
  exhausted: boolean;
}

function resets(headers: ResponseHeaders, nowMs: number): Reset[] {
  const found: Reset[] = [];
  for (const limit of OPENAI_LIMITS) {
    const value = headerValue(headers, `x-ratelimit-reset-${limit}`);
    const waitMs = value === undefined ? undefined : parseResetDuration(value);
    if (waitMs === undefined) continue;
    found.push({ waitMs, exhausted: headerValue(headers, `x-ratelimit-remaining-${limit}`)?.trim() === '0' });
  }
  for (const limit of ANTHROPIC_LIMITS) {
    const value = headerValue(headers, `anthropic-ratelimit-${limit}-reset`);
    const waitMs = value === undefined ? undefined : untilDate(value, nowMs);
    if (waitMs === undefined) continue;
    found.push({
      waitMs,
      exhausted: headerValue(headers, `anthropic-ratelimit-${limit}-remaining`)?.trim() === '0',
    });
  }
  return found;
}

/**
 * How long until the rate limit resets, in ms, from the reset headers a 429 may carry instead of Retry-After:
 * OpenAI `x-ratelimit-reset-requests` / `-tokens` (durations) and Anthropic `anthropic-ratelimit-*-reset`
 * (RFC 3339). The longest reset among the limits whose `remaining` is 0; when none says so, the longest of all.
 * Undefined when there is no readable reset header.
 *
 * @example
 * rateLimitResetMs({ 'x-ratelimit-reset-requests': '1m30s' }); // 90000
 */
export function rateLimitResetMs(headers: ResponseHeaders, nowMs: number = Date.now()): number | undefined {
  const all = resets(headers, nowMs);
  if (all.length === 0) return undefined;
  const exhausted = all.filter((reset) => reset.exhausted);
  return Math.max(...(exhausted.length > 0 ? exhausted : all).map((reset) => reset.waitMs));
}
