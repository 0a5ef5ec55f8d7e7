import { describe, expect, it } from 'vitest';
import { parseResetDuration, rateLimitResetMs } from './rate-limit-reset.js';
import { MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-after.js';

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('prefers retry-after-ms, rounding fractional milliseconds up', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '120.4', 'retry-after': '9' }, now)).toBe(121);
  });

  it('reads retry-after in seconds', () => {
    expect(parseRetryAfter({ 'retry-after': '1' }, now)).toBe(1000);
    expect(parseRetryAfter({ 'retry-after': '0.5' }, now)).toBe(500);
  });

  it('reads retry-after as an HTTP-date, relative to now', () => {
    expect(parseRetryAfter({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }, now)).toBe(30_000);
  });

  it('gives 0 for a date in the past and undefined for garbage or no header', () => {
    expect(parseRetryAfter({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(parseRetryAfter({ 'retry-after-ms': 'x' }, now)).toBeUndefined();
    expect(parseRetryAfter({}, now)).toBeUndefined();
  });
});

describe('parseRetryAfter edge cases', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('reads negative or number-like retry-after values as invalid, not as a date in year -1', () => {
    for (const value of ['-1', '-5', '+5', '1e3', '-0.5']) {
      expect(parseRetryAfter({ 'retry-after': value }, now)).toBeUndefined();
    }
  });

  it('caps huge values at one day instead of Infinity, so a circuit still probes again', () => {
    expect(parseRetryAfter({ 'retry-after': '1'.repeat(400) }, now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter({ 'retry-after': '99999999999' }, now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter({ 'retry-after-ms': '1e400' }, now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter({ 'retry-after': 'Fri, 01 Jan 2100 00:00:00 GMT' }, now)).toBe(MAX_RETRY_AFTER_MS);
  });

  it('reads the obsolete HTTP-date forms and gives 0 for them in the past', () => {
    expect(parseRetryAfter({ 'retry-after': 'Sunday, 06-Nov-94 08:49:37 GMT' }, now)).toBe(0);
    expect(parseRetryAfter({ 'retry-after': 'Sun Nov  6 08:49:37 1994' }, now)).toBe(0);
  });

  it('falls back to retry-after when retry-after-ms is negative, empty or not a number', () => {
    for (const value of ['-5', '', 'abc']) {
      expect(parseRetryAfter({ 'retry-after-ms': value, 'retry-after': '7' }, now)).toBe(7000);
    }
  });

  it('lets a valid retry-after-ms win over retry-after even when it is 0', () => {
    expect(parseRetryAfter({ 'retry-after-ms': '0', 'retry-after': '7' }, now)).toBe(0);
  });
});

describe('rate-limit reset headers (no Retry-After)', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['250ms', 250],
    ['2s', 2000],
    ['1.5s', 1500],
    ['1m30s', 90_000],
    ['6m0s', 360_000],
    ['1h2m3s', 3_723_000],
  ])('reads the OpenAI duration %s as %i ms', (value, ms) => {
    expect(parseResetDuration(value)).toBe(ms);
    expect(parseRetryAfter({ 'x-ratelimit-reset-tokens': value }, now)).toBe(ms);
  });

  it('ignores what is not a duration', () => {
    for (const value of ['', 'soon', '5', '-1s', '1x']) expect(parseResetDuration(value)).toBeUndefined();
    expect(parseRetryAfter({ 'x-ratelimit-reset-requests': 'soon' }, now)).toBeUndefined();
  });

  it('reads Anthropic RFC 3339 reset times', () => {
    const headers = { 'anthropic-ratelimit-requests-reset': '2026-01-01T00:00:05Z' };
    expect(parseRetryAfter(headers, now)).toBe(5000);
  });

  it('prefers the limit that is exhausted, else the longest', () => {
    const headers = {
      'x-ratelimit-reset-requests': '2s',
      'x-ratelimit-reset-tokens': '1m',
      'x-ratelimit-remaining-requests': '0',
      'x-ratelimit-remaining-tokens': '5000',
    };
    expect(parseRetryAfter(headers, now)).toBe(2000);
    expect(
      rateLimitResetMs({ 'x-ratelimit-reset-requests': '2s', 'x-ratelimit-reset-tokens': '1m' }, now),
    ).toBe(60_000);
  });

  it('Retry-After wins over the reset headers', () => {
    expect(parseRetryAfter({ 'retry-after': '1', 'x-ratelimit-reset-requests': '20s' }, now)).toBe(1000);
  });
});
