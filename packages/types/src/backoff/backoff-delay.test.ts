import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff-delay.js';

describe('backoffDelayMs', () => {
  const backoff = { baseDelayMs: 100, maxDelayMs: 1000, jitter: 0.5 };

  it('doubles per retry up to maxDelayMs', () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelayMs(backoff, retry, () => 0))).toEqual([
      100, 200, 400, 800, 1000,
    ]);
  });

  it('takes at most the jitter share off', () => {
    expect(backoffDelayMs(backoff, 2, () => 0.999)).toBe(100);
    expect(backoffDelayMs(backoff, 2, () => 0.5)).toBe(150);
  });

  it('spreads clients that fail together: 100 callers get many different delays', () => {
    const delays = new Set(Array.from({ length: 100 }, () => backoffDelayMs({ ...backoff, jitter: 0.2 }, 3)));
    expect(delays.size).toBeGreaterThan(10);
    for (const delay of delays) expect(delay).toBeGreaterThanOrEqual(320);
    for (const delay of delays) expect(delay).toBeLessThanOrEqual(400);
  });

  it('is exact without jitter', () => {
    expect(backoffDelayMs({ ...backoff, jitter: 0 }, 3)).toBe(400);
  });

  it('rejects a jitter outside 0..1 and a retry number below 1, quoting the value', () => {
    expect(() => backoffDelayMs({ ...backoff, jitter: 1.5 }, 1)).toThrow(/got 1\.5/);
    expect(() => backoffDelayMs(backoff, 0)).toThrow(/got 0/);
  });
});
