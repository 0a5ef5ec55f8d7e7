import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.js';

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
